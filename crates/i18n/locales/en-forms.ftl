## Forms: the summary of problems, dates that do not exist

form-problems = { $count ->
    [one] The form has one problem:
   *[other] The form has { $count } problems:
}
no_such_date = { $field }: { $value } does not exist.
form-required-note = Fields marked * are required.

## A body's page

web-manage-body = Manage
affiliation-kind-full = full member
affiliation-kind-observer = observer
web-close-body-confirm = A closed body takes no new families, offices or assemblies; its history is kept. Close { $body }?
web-close-body-named = Close { $body }
web-end-office-confirm = { $holder } stops being { $office } on the date given. The office stays in the body's history.
web-end-office-named = End: { $office }, { $holder }
cli-bad-public-url = "{ $value }" is not a public address: write something like https://cabildo.example
web-public-assemblies = Notices of assemblies
