# The organisation's book (issue 15): dues, contributions, fines, payments and receipts, the
# treasurer's report. Amounts in bolivianos ("Bs 1.234,50").

## Errors

bad_period = “{ $value }” is not a period: write 2026, 2026-03, 2026-Q2 or 01/03/2026–31/05/2026.
ledger_unknown_family = There is no family “{ $reference }” in { $body }: look it up by name, parcel, register number or member card.
ledger_amount_not_positive = An amount must be more than zero, not { $amount }.
ledger_reverse_reversal = Entry { $entry } is itself a reversal: a reversal is not reversed.
ledger_already_reversed = Entry { $entry } was already reversed by entry { $by }.
ledger_transfer_not_reversible = Entry { $entry } is a transfer between bodies: it is not reversed in one book. Record a transfer back, which the other body confirms.
ledger_period_closed = The period { $period } of { $body } is closed: nothing dated { $day } can be recorded.
ledger_unrelated_body = { $to } has no relation to { $from } (neither above nor below it, not a sister under the same parent, and no affiliation in force): there is no transfer between them.
ledger_unknown_entry = There is no entry { $reference } in the book of { $body }.
ledger_unknown_receipt = There is no receipt { $reference }.
ledger_no_dues_rule = The statute of { $body } sets no dues: set them first.
ledger_charge_paid = Entry { $entry } charged families that have since paid: reverse those payments first.
ledger_reason_required = A reversal says why.
ledger_nothing_to_charge = No family of { $body } is to be charged.
ledger_unknown_transfer = There is no transfer { $reference }.
ledger_transfer_not_pending = Transfer { $reference } is not for { $body }: only the body receiving it confirms it.

## Fields

field-amount = amount
field-period = period
field-purpose = purpose
field-memo = description
field-household = family

## History

audit-ledger-close = { $actor } closed the period { $what } of the book of { $body }
audit-ledger-dues = { $actor } charged dues in { $body } (entry { $entry }, Bs { $amount }): { $what }
audit-ledger-dues-rule = { $actor } set the dues of the statute of { $body }: { $what }
audit-ledger-exempt = { $actor } exempted family { $what } of { $body } from dues
audit-ledger-expense = { $actor } recorded an expense of { $body } (entry { $entry }, Bs { $amount }): { $what }
audit-ledger-fines = { $actor } took the fines of closed assemblies into the book of { $body } (entry { $entry }, Bs { $amount })
audit-ledger-levy = { $actor } charged a contribution in { $body } (entry { $entry }, Bs { $amount }): { $what }
audit-ledger-pay = { $actor } recorded a payment in { $body } (entry { $entry }, Bs { $amount }): { $what }
audit-ledger-reverse = { $actor } reversed in { $body } (entry { $entry }, Bs { $amount }): { $what }

## Pages

ledger-title = Treasury book
ledger-intro = What each family owes and paid, what the organisation has in cash and what it owes. Nothing is erased: a mistake is corrected by a reversal that says why.
ledger-cash = In cash
ledger-receivable = Owed by families
ledger-credit = In credit
ledger-desk = Payment desk
ledger-report = Treasurer's report
ledger-entries = Latest entries
ledger-no-entries = There are no entries in the book yet.
ledger-number = No.
ledger-date = Date
ledger-what = Description
ledger-charge-heading = Charge
ledger-field-period = Period
ledger-charge-dues-button = Charge the period's dues
ledger-take-fines = Take the fines of closed assemblies into the book
ledger-reverse-heading = Reverse an entry
ledger-field-entry = Entry No.
ledger-field-reason = Reason
ledger-reverse = Reverse
ledger-close-heading = Close a period
ledger-close = Close the period
ledger-desk-search = Name, parcel, register No. or member card
ledger-desk-find = Find
ledger-desk-found = { $count ->
    [one] One family found
   *[other] { $count } families found
}
ledger-owes = Owes
ledger-statement = Statement
ledger-pay-heading = Record a payment
ledger-field-amount = Amount (Bs)
ledger-field-day = Day paid
ledger-pay-first = Pay first
ledger-pay = Record the payment and give a receipt
ledger-charges = Charges
ledger-no-charges = Nothing has been charged yet.
ledger-due = Due
ledger-amount = Amount
ledger-receipts = Receipts
ledger-no-receipts = No payment recorded.
ledger-receipt = Receipt
ledger-code = Code
ledger-receipt-reversed = This payment was reversed (entry { $entry }).
ledger-received-from = Received from
ledger-the-sum = the sum of
ledger-in-words = In words
ledger-for = For
ledger-to-credit = Credit for the next charges
ledger-treasurer = Received by
ledger-back = Back to the statement
ledger-show = Show
ledger-opening-cash = Cash at the start
ledger-income = Income
ledger-expenses = Expenses
ledger-closing-cash = Cash at the end
ledger-no-expenses = No expenses in the period.
ledger-transfers = Transfers
ledger-arrears = Families in arrears
ledger-arrears-count = { $count ->
    [0] No family in arrears
    [one] One family in arrears
   *[other] { $count } families in arrears
}
ledger-csv = Download for Excel (CSV)
ledger-chart-title = Income and expenses of { $period }
ledger-csv-section = Section
ledger-csv-item = Description
ledger-csv-amount = Amount (Bs)
ledger-entry-kind-charges = Charge
ledger-entry-kind-payment = Payment
ledger-entry-kind-reversal = Reversal
ledger-entry-kind-expense = Expense
ledger-entry-kind-income = Income
ledger-entry-kind-transfer_out = Transfer sent
ledger-entry-kind-transfer_in = Transfer to receive
ledger-entry-kind-transfer_confirm = Transfer received
ledger-charge-dues = Dues
ledger-charge-contribution = Contribution
ledger-charge-fine = Fine
ledger-account-income-dues = Dues
ledger-account-income-contributions = Contributions
ledger-account-income-fines = Fines
ledger-account-income-other = Other income
ledger-account-income-transfers = Transfers received
ledger-purpose-projects = Works and projects
ledger-purpose-travel = Delegation travel
ledger-purpose-administration = Administration
ledger-purpose-campaign = Campaign
ledger-purpose-solidarity = Solidarity
ledger-purpose-other = Other expenses

## Command line

ledger-cli-dues-set = Statute dues set: { $amount }.
ledger-cli-exempt = Family { $family } exempted from dues.
ledger-cli-charged = { $count ->
    [one] One charge
   *[other] { $count } charges
} for { $total } (entry { $entry }).
ledger-cli-paid = Receipt { $number } (code { $code }) for { $amount }; credit: { $credit }.
ledger-cli-entry = Entry { $number } recorded.
ledger-cli-statement = { $name }: owes { $owed }, credit { $credit }.
ledger-cli-receipt = { $body } · Receipt { $number } ({ $code }) · Received from { $family } the sum of { $amount } (in words: { $words }) · { $treasurer }
ledger-cli-closed = Period from { $from } to { $to } closed.
ledger-cli-report = Period { $period }: cash at the start { $opening }, income { $income }, expenses { $expenses }, cash at the end { $closing }; { $arrears ->
    [0] no family in arrears
    [one] one family in arrears
   *[other] { $arrears } families in arrears
} ({ $owed }).

## The statute's dues and a levy, from the book's page
ledger-rule-heading = The statute's dues
ledger-rule-intro = What each family gives per period, as the assembly adopted it. Only whoever may change the statute.
ledger-field-dues-amount = Dues per family (Bs)
ledger-field-cadence = Every
ledger-cadence-monthly = Month
ledger-cadence-quarterly = Quarter
ledger-cadence-yearly = Year
ledger-rule-button = Save the dues
ledger-levy-heading = A contribution voted in assembly
ledger-field-resolution = Resolution (No.)
ledger-field-purpose = Purpose
ledger-field-description = What it is for
ledger-field-basis = Charged
ledger-basis-household = per family
ledger-basis-hectare = per hectare of its parcels
ledger-field-levy-amount = Amount (Bs)
ledger-field-due-on = Due on
ledger-levy-button = Charge the contribution to every family
