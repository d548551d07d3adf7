# A consulta's results at every level: page, print, radio text, CSV and the API.

results-the-consulta = The consulta
results-title = Results
results-of = Results in { $body }
results-asked-by = Consulta of { $body }
results-question = Question
results-rule = How answers add up
results-rule-sum_of_votes = sum of the votes of every assembly
results-rule-one_voice_per_base = one voice per base
results-rule-weighted_by_members = each base weighs by its members
results-kind-yes_no = yes or no
results-kind-choice = choice among options
results-kind-nomination = nomination of candidates
results-option-yes = Yes
results-option-no = No
results-deadline = Deadline
results-deadline-open = until { $date }
results-deadline-past = passed on { $date }; answers arriving now are counted and marked late
results-bases = Bases
results-bases-answered = { $total ->
    [one] { $answered } of 1 base answered
   *[other] { $answered } of { $total } bases answered
  }
results-bases-late = { $count ->
    [0] no late answer
    [one] 1 late answer
   *[other] { $count } late answers
  }
results-members = Members represented
results-members-represented = { $total ->
    [one] { $represented } of 1 member
   *[other] { $represented } of { $total } members
  }
results-leading = Leading
results-no-leading = no option leads (a tie, or no answers)
results-decided = Decided at this level: even if every missing base answered, it would not change.
results-not-decided = Not decided yet: the missing bases can change it.
results-tally = Result
results-chart-title = Result in { $body }
results-weight-votes = { $count ->
    [one] { $shown } vote
   *[other] { $shown } votes
  }
results-weight-bases = { $count ->
    [one] { $shown } base
   *[other] { $shown } bases
  }
results-weight-members = { $count ->
    [one] { $shown } member
   *[other] { $shown } members
  }
results-share = { $share } %
results-below = Bodies below
results-no-below = No body with bases below this one.
results-see = See results
results-own-vote = Own vote of { $body }
results-own-vote-note = Shown beside the result of its bases; not added to it.
results-adopted = Adopted
results-adopted-none = adopted no option (a tie)
results-this-base = This base's answer
results-base-answered-on = Answered on { $date }
results-base-late = late
results-base-missing = This base has not answered yet.
results-missing = Bases still missing
results-missing-count = { $count ->
    [0] Every base has answered.
    [one] 1 base is missing.
   *[other] { $count } bases are missing.
  }
results-missing-under = under { $parent }
results-missing-more = { $count ->
    [one] … and 1 more (in the CSV).
   *[other] … and { $count } more (in the CSV).
  }
results-print = Printable version
results-radio = Text for the radio
results-csv = Download CSV
results-json = Data (JSON)
results-printed-on = Printed on { $date }
results-radio-head = Results of the consulta of { $launcher }: { $question }
results-radio-level = In { $body }: of { $total_words } { $total ->
    [one] base asked
   *[other] bases asked
  }, { $answered_words } answered.
results-radio-option = For “{ $option }”: { $words } { $unit }.
results-radio-unit-votes = { $count ->
    [one] vote
   *[other] votes
  }
results-radio-unit-bases = { $count ->
    [one] base
   *[other] bases
  }
results-radio-unit-members = { $count ->
    [one] member
   *[other] members
  }
results-radio-leading = “{ $option }” is leading.
results-radio-no-leading = No option is leading yet.
results-radio-decided = The result is already decided at this level.
results-radio-not-decided = Still to answer: { $missing_words } { $missing ->
    [one] base
   *[other] bases
  }; the result can change.
results-radio-deadline-open = Bases can answer until { $when }.
results-radio-deadline-past = The deadline passed on { $when }.
results-csv-body = body
results-csv-code = code
results-csv-kind = kind
results-csv-parent = parent body
results-csv-is-base = is a base
results-csv-bases = bases
results-csv-answered = answered
results-csv-late = late
results-csv-missing = missing
results-csv-members-total = members
results-csv-members-represented = members represented
results-csv-leading = leading
results-csv-decided = decided
results-csv-own-vote = own vote
results-decided-short = decided
results-yes = yes
results-no = no
