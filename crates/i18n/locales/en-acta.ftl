# The acta a union files, the convocatoria as unions write it, the statute.
attendance-absent = Absent
field-signer_offices = offices that sign the acta
field-term_years = term (years)
field-resolution = resolution that adopted it
not_linked = Your account is not linked to a person: an administrator links it on the account's page.
not_office_holder = The person your account is linked to does not hold the office of { $office } in { $body }.
acta-notes = Notes
acta-opened = Opened
acta-closed = Closed
acta-not-yet = not yet
acta-quorum-rule = { $rule ->
    [half_plus_one] half of those entitled plus one
    [percent] { $n } % of those entitled
    [count] at least { $n } present
   *[none] no quorum
}
acta-term-years = { $years ->
    [one] one year
   *[other] { $years } years
}
acta-statute-version = Statute, version { $version }
acta-statute-default = Default statute (the body has not written its own)
acta-absence-fine = Fine for an unexcused absence
acta-no-fine = no fine
acta-term = Term of office
acta-signers = Sign the acta
acta-elected = Elected: { $name }, { $office }, from { $start } to { $end }.
acta-elected-open = Elected: { $name }, { $office }, from { $start }.
acta-attendance-present = { $count ->
    [one] Present (1)
   *[other] Present ({ $count })
}
acta-attendance-late = { $count ->
    [one] Late (1)
   *[other] Late ({ $count })
}
acta-attendance-excused = { $count ->
    [one] Excused (1)
   *[other] Excused ({ $count })
}
acta-attendance-absent = { $count ->
    [one] Absent (1)
   *[other] Absent ({ $count })
}
acta-fines-list = { $count ->
    [one] 1 fine for absence
   *[other] { $count } fines for absence
}
acta-handwritten = Signature or thumbprint
acta-signed-digitally = signed digitally on { $at }
acta-sign-office-help = The holder of the office signs: your account must be linked to you.
acta-proposer = Proposed by
acta-convenes = Convened by
acta-convenes-directiva = The directiva
acta-radio-convenes = Convened by { $who }.
acta-radio-fine = An unexcused absence is fined { $amount } bolivianos.
acta-radio-agenda = Agenda
acta-statute-adopted = Adopted
acta-statute-resolution = Resolution that adopted it
acta-statute-no-resolution = no resolution recorded
acta-statute-pick-resolution = — none recorded —
acta-statute-resolution-help = (the resolution of the body's assembly that approved the change)
acta-term-hint = (years an elected office lasts, unless the assembly sets another end)
acta-term-placeholder = if left empty: { $end } ({ $years })
acta-statute-readonly = Only the body's officers change its statute.
