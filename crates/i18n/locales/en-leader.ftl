# What was decided in the afiliado's name, "my family", the leader's view of the tree, the
# verification of a sub-tree and the change history in words.

leader-resolutions = Resolutions
leader-only-this-body = This body only
leader-with-below = With the bodies below
leader-no-resolutions = No resolutions yet.
leader-adopted-on = Adopted on
leader-assembly = Assembly
leader-vote = Vote
leader-acta-sealed = Acta sealed
leader-acta-pending = Acta pending
leader-acta-overdue = Acta overdue
leader-acta-not_due = No acta yet
leader-my-family = My family
leader-not-linked = Your account is not linked to a person of the register yet. Ask your sindicato's administrator to link it (on your account's page, "Person"): then you will see here your family, your attendance, your fines and what was decided at the assemblies you attended.
leader-no-family = Your account is linked to { $name }, who represents no family on the register.
leader-affiliated-on = Affiliated since
leader-attendance = Attendance at assemblies
leader-attendance-summary = { $present ->
    [one] 1 present
   *[other] { $present } present
  } · { $late ->
    [one] 1 late
   *[other] { $late } late
  } · { $excused ->
    [one] 1 excused
   *[other] { $excused } excused
  } · { $absent ->
    [one] 1 absence
   *[other] { $absent } absences
  }
leader-attendance-present = Present
leader-attendance-late = Late
leader-attendance-excused = Excused
leader-attendance-absent = Absent
leader-attendance-not_yet = Not recorded yet
leader-fine = fine
leader-fines-owed = { $count ->
    [0] No fines recorded.
    [one] 1 fine recorded: { $amount }.
   *[other] { $count } fines recorded: { $amount } in all.
  }
leader-fines-note = Fines as each assembly recorded them when it closed. Payments are not recorded in Cabildo yet: ask your treasurer.
leader-decided-with-you = What was decided at the assemblies you attended
leader-overview = Leader's view
leader-groups = Bodies below, added up
leader-bases = Sindicatos and base bodies
leader-search-placeholder = Name or code
leader-filter = Show
leader-filter-all = All
leader-filter-quiet = No assembly in 3 months
leader-filter-pending = With actas pending
leader-filter-overdue = With actas overdue
leader-filter-fines = With fines
leader-matched = { $count ->
    [0] None matches.
    [one] 1 matches.
   *[other] { $count } match.
  }
leader-no-match = No body matches the search.
leader-fig-held = { $count ->
    [0] No assembly
    [one] 1 assembly
   *[other] { $count } assemblies
  } in { $months } months
leader-fig-actas = Actas: { $sealed } sealed, { $pending } pending
leader-fig-resolutions = { $count ->
    [one] 1 resolution
   *[other] { $count } resolutions
  }
leader-fig-fines = { $count ->
    [0] No fines
    [one] 1 fine ({ $amount })
   *[other] { $count } fines ({ $amount })
  }
leader-fig-padron = Padrón: { $count ->
    [one] 1 family
   *[other] { $count } families
  }
leader-fig-bases = { $count ->
    [one] 1 sindicato
   *[other] { $count } sindicatos
  }
leader-fig-last = Last activity: { $when }
leader-fig-never = No activity recorded
leader-flag-overdue = { $count ->
    [one] 1 acta overdue
   *[other] { $count } actas overdue
  }
leader-flag-quiet = No assembly in { $months } months
leader-flag-quiet-bases = { $count ->
    [one] 1 sindicato without an assembly
   *[other] { $count } sindicatos without an assembly
  } in { $months } months
leader-verify-summary = { $body }: { $actas ->
    [one] 1 sealed acta
   *[other] { $actas } sealed actas
  } in { $bodies ->
    [one] 1 body
   *[other] { $bodies } bodies
  }
leader-verify-intact = intact
leader-verify-findings = { $count ->
    [one] 1 body with findings
   *[other] { $count } bodies with findings
  }
leader-verify-body-findings = { $body }: { $count ->
    [one] 1 finding
   *[other] { $count } findings
  }
leader-verify-each = Each body
cli-overview-line = { $name }: sindicatos { $bases } (no assembly in 3 months: { $quiet }) · assemblies in 3 months: { $held } · actas sealed: { $sealed }, pending: { $pending }, overdue: { $overdue } · resolutions: { $resolutions } · fines: { $fines } ({ $amount }) · padrón: { $padron }
cli-overview-base-line = { $name }: assemblies in 3 months: { $held } · actas sealed: { $sealed }, pending: { $pending }, overdue: { $overdue } · resolutions: { $resolutions } · fines: { $fines } ({ $amount }) · padrón: { $padron }
cli-overview-matched = Base bodies that match: { $count }

audit-unknown = { $actor } recorded a change in { $body }
audit-account-create = { $actor } created an account
audit-account-disable = { $actor } disabled an account
audit-account-enable = { $actor } enabled an account again
audit-account-grant = { $actor } gave { $user } the role of { $role } in { $body }
audit-account-key-issued = { $actor } issued an account's signing key, endorsed by their own
audit-account-link-person = { $actor } linked an account to a person of the register
audit-account-password = { $actor } changed their password
audit-account-password-reset = { $actor } reset an account's password
audit-account-sessions-end = { $actor } ended an account's sessions
audit-account-unlink-person = { $actor } unlinked an account from its person
audit-acta-notes = { $actor } wrote the notes of the acta of "{ $assembly }" of { $body }
audit-acta-seal = { $actor } sealed the acta of "{ $assembly }" of { $body } (acta no. { $seq })
audit-acta-sign = { $actor } signed the acta of "{ $assembly }" of { $body } as { $role }
audit-affiliation-create = { $actor } affiliated { $member } to { $body }
audit-affiliation-end = { $actor } ended an affiliation to { $body }
audit-assembly-attendance = { $actor } recorded attendance at "{ $assembly }" of { $body }: { $status }
audit-assembly-cancel = { $actor } called off "{ $assembly }" of { $body }
audit-assembly-close = "{ $assembly }" of { $body } closed by { $actor }: { $fined ->
    [0] no fines
    [one] 1 fine
   *[other] { $fined } fines
  }
audit-assembly-convene = { $actor } convened "{ $assembly }" of { $body } ({ $kind })
audit-assembly-crowd-estimate = { $actor } estimated the crowd at "{ $assembly }" of { $body } at { $count } people
audit-assembly-open = { $actor } opened "{ $assembly }" of { $body }: { $eligible } entitled, quorum { $quorum }
audit-assembly-tickets = { $actor } issued { $count ->
    [one] 1 ticket
   *[other] { $count } tickets
  } for "{ $assembly }" of { $body }
audit-body-close = { $actor } closed { $body }
audit-body-create = { $actor } created { $body }
audit-body-move = { $actor } moved { $body } under { $to }
audit-body-publish = { $actor } published the public page of { $body }
audit-body-rename = { $actor } renamed { $old } to { $new }
audit-body-reopen = { $actor } reopened { $body }
audit-body-unpublish = { $actor } withdrew the public page of { $body }
audit-election-create = { $actor } put the office of { $title } to election in { $body }
audit-household-create = { $actor } registered the family of { $name } in { $body }
audit-household-update = { $actor } corrected the family of { $name } in { $body }
audit-member-create = { $actor } registered { $name } as a member of { $body }
audit-motion-create = { $actor } moved the motion "{ $title }" in { $body }
audit-motion-settle = The motion "{ $motion }" of { $body } was settled: { $outcome }
audit-office-create = { $actor } recorded an office in { $body }: { $office }
audit-office-end = { $actor } ended an office in { $body }: { $office }
audit-padron-import = { $actor } imported the padrón of { $body }: { $rows ->
    [one] 1 row
   *[other] { $rows } rows
  }
audit-parcel-create = { $actor } registered the parcel { $code } in { $body }
audit-statute-update = { $actor } changed the statute of { $body } (version { $version })
audit-token-create = { $actor } created an access key for programs
audit-token-revoke = { $actor } revoked an access key for programs
audit-vote-close = Vote closed in { $body }: "{ $motion }", { $for } for, { $against } against, { $abstain } abstaining
audit-vote-codes-reissued = { $actor } issued the secret ballot's codes again for "{ $motion }" in { $body }
audit-vote-paper = { $actor } recorded the paper ballot count of "{ $motion }" in { $body }
audit-vote-hands = { $actor } recorded the show of hands on "{ $motion }" in { $body }
audit-vote-open = { $actor } opened the vote on "{ $motion }" in { $body } ({ $method }, { $present } present)
audit-vote-roll-call = { $actor } recorded a roll-call vote on "{ $motion }" in { $body }
