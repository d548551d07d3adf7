## Forms: the summary of problems, dates that do not exist

form-problems = { $count ->
    [one] The form has one problem:
   *[other] The form has { $count } problems:
}
no_such_date = { $field }: { $value } does not exist.
form-required-note = Fields marked * are required.
