# The organisation's book (issue 15): dues, contributions, fines, payments and receipts, the
# treasurer's report. Amounts in bolivianos ("Bs 1.234,50").

## Errors

bad_period = “{ $value }” is not a period: write 2026, 2026-03, 2026-Q2 or 01/03/2026–31/05/2026.
ledger_unknown_family = There is no family “{ $reference }” in { $body }: look it up by name, parcel, register number or member card.
ledger_amount_not_positive = An amount must be more than zero, not { $amount }.
ledger_reverse_reversal = Entry { $entry } is itself a reversal: a reversal is not reversed.
ledger_already_reversed = Entry { $entry } was already reversed by entry { $by }.
ledger_period_closed = The period { $period } of { $body } is closed: nothing dated { $day } can be recorded.
ledger_unrelated_body = { $to } has no relation to { $from } (it is not above it and there is no affiliation): there is no transfer between them.
ledger_unknown_entry = There is no entry { $reference } in the book of { $body }.
ledger_unknown_receipt = There is no receipt { $reference }.
ledger_no_dues_rule = The statute of { $body } sets no dues: set them first.
ledger_charge_paid = Entry { $entry } charged families that have since paid: reverse those payments first.
ledger_reason_required = A reversal says why.
ledger_nothing_to_charge = No family of { $body } is to be charged.
ledger_unknown_transfer = There is no transfer { $reference }.
ledger_transfer_not_pending = Transfer { $reference } was already confirmed, or is not for { $body } to confirm.

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
audit-ledger-transfer = { $actor } recorded a transfer of { $body } (entry { $entry }, Bs { $amount }): { $what }
audit-ledger-transfer-confirm = { $actor } confirmed a transfer received by { $body } (entry { $entry }, Bs { $amount }): { $what }
