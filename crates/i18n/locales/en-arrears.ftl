# The arrears of every family below a body, summed per body (issue 15, item 8).
arrears-title = Families' arrears below { $body }
arrears-intro = For each body: how many families owe dues, contributions or fines due by the day given, and how much. No names: each family's debt is seen by its sindicato's officers and the family itself.
arrears-day = Day
arrears-show = Show
arrears-body = Body
arrears-families = Families owing
arrears-families-count = { $count ->
    [one] { $count } family
   *[other] { $count } families
}
arrears-owed = Owed
arrears-own = { $body } (its own families)
arrears-group-total = Total of { $body }
arrears-total = Total below { $body }
arrears-summary = { $count ->
    [one] On { $day }, { $count } family below { $body } owes { $amount } overdue.
   *[other] On { $day }, { $count } families below { $body } owe { $amount } overdue.
}
arrears-csv = Download CSV
arrears-link = Families' arrears by body
arrears-csv-depth = Level
arrears-csv-own-families = Own families owing
arrears-csv-own-owed = Owed (own)
arrears-csv-families = Families owing (with those below)
arrears-csv-owed = Owed (with those below)
arrears-cli-row = { $indent }{ $body }: { $count ->
    [one] { $count } family owes
   *[other] { $count } families owe
} { $owed }
arrears-cli-total = On { $day }: { $count ->
    [one] { $count } family owes
   *[other] { $count } families owe
} { $owed } in all
arrears-cli-check-ok = The stored arrears totals agree with the book's lines.
arrears-cli-drift-owed = Body { $body }, charges due on { $day }: stored { $stored }, per the book { $live }
arrears-cli-drift-oldest = Body { $body }, family { $family }: oldest unpaid charge stored { $stored }, per the book { $live }
arrears-cli-check-failed = { $count ->
    [one] { $count } difference between the stored arrears totals and the book
   *[other] { $count } differences between the stored arrears totals and the book
}
