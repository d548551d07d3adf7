# Transfers between bodies (issue 15, part 4): the share of dues owed to the bodies above,
# contributions sent to another body, and their confirmation.

## Errors

ledger_transfer_to_itself = { $body } cannot send money to itself.
ledger_share_not_owed = { $from } owes { $to } no share of its dues: a share is owed only to the bodies above it whose statute sets one.
ledger_transfer_exceeds_cash = { $body } has { $cash } in cash: it cannot send { $amount }.
ledger_transfer_already_confirmed = Transfer { $reference } was already confirmed by { $by } (entry { $entry }).
ledger_unknown_levy = There is no levy “{ $reference }” in { $body }.

## History

audit-ledger-share = { $actor } set in the statute of { $body } the share of dues the bodies below owe it: { $what }
audit-ledger-transfer = { $actor } recorded a transfer in the book of { $body } (entry { $entry }, Bs { $amount }): { $what }
audit-ledger-transfer-confirm = { $actor } confirmed that a transfer reached { $body } (entry { $entry }, Bs { $amount }): { $what }

## Pages

transfers-title = Transfers of { $body }
transfers-intro = What was sent to other bodies and received from them. Each transfer is recorded once, in both books; the receiver confirms that it arrived.
transfers-sent = Sent
transfers-received = Received
transfers-none-sent = No transfer sent.
transfers-none-received = No transfer received.
transfers-from = From
transfers-to = To
transfers-kind = Kind
transfers-status = Status
transfers-kind-dues_share = Dues share
transfers-kind-contribution = Contribution
transfers-pending = To be confirmed
transfers-confirmed = Received
transfers-confirmed-by = Confirmed by { $name }
transfers-confirm = Confirm it arrived
transfers-send-heading = Send money to another body
transfers-send-hint = Only to a body above or below, a sister under the same parent, or a body joined by an affiliation in force. For a dues share, leave the amount empty: what is still owed for the period is sent.
transfers-field-to = Receiving body (code)
transfers-field-kind = Kind
transfers-field-period = Period (for a dues share)
transfers-field-levy = Levy collected (optional)
transfers-field-levy-none = None
transfers-field-amount = Amount (Bs)
transfers-field-memo = Memo
transfers-send = Send and record in both books
transfers-link = Transfers
transfers-none = No transfer with other bodies yet.
transfers-all = All transfers, send and confirm
transfers-owed-link = What the bodies below owe
transfers-share-heading = Share of dues the bodies below owe
transfers-share-current = The statute sets { $share } of the dues collected.
transfers-share-none = The statute sets no share.
transfers-field-share = Share (%)
transfers-share-set = Set the share
owed-title = What the bodies below owe { $body }
owed-intro = For each body below: the dues it collected from its families in the period, the share owed to { $body } ({ $share }), what it has sent and what it still owes. The share is rounded down to the centavo.
owed-period = Period
owed-show = Show
owed-body = Body
owed-collected = Dues collected
owed-share = Share
owed-sent = Sent
owed-outstanding = Owes
owed-total = Total
owed-none = { $count ->
    [0] No body below collected dues or sent its share in the period.
    [one] One body below
   *[other] { $count } bodies below
}

## Command line

transfers-cli-sent = Transfer { $reference } from { $from } to { $to } for { $amount } (entries { $out } and { $in }), to be confirmed.
transfers-cli-confirmed = Transfer { $reference } received by { $body } (entry { $entry }).
transfers-cli-share = Share of dues set: { $share }.
transfers-cli-owed = { $body }: collected { $collected }, share { $owed }, sent { $sent }, owes { $outstanding }.
transfers-cli-owed-total = Total for { $period }: share { $owed }, sent { $sent }, owing { $outstanding }.
