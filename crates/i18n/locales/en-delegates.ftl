# Delegates, seats and credentials: a congress (or an ampliado) declares its seats, each body
# below elects its delegates in its own assembly, and the door admits by credential.

field-seat_rule = how seats are given
field-seat_number = number

seat-role-holder = holder
seat-role-alternate = alternate
weighted-true = weighs each delegation by its members
weighted-false = counts one vote per delegate

## Errors

unknown_delegation = There is no delegation { $id }.
seats_not_for_kind = A { $kind } assembly has no delegates: only a congress or an ampliado declares seats.
seats_already_declared = The seats of this assembly were declared already.
seats_no_sub_bodies = { $body } has no open body below it nor affiliated organisation to give seats to.
delegation_not_of_body = The delegation is of { $delegation }, not of { $body }: each body elects its delegates in its own assembly.
delegation_ended = The delegation of { $body } ended on { $on }, when its affiliation ended.
no_such_seat = { $seats ->
    [one] The delegation has 1 seat
   *[other] The delegation has { $seats } seats
}: there is no seat { $seat }.
seats_no_alternates = The seats of this assembly have no alternates.
second_credential = Seat { $seat } ({ $role ->
    [alternate] alternate
   *[holder] holder
}) of { $body } already has a credential, issued to { $holder }: a seat has only one.
congress_finished = "{ $assembly }" has met already: no more credentials are issued for it.
credential_required = { $name } is a delegate: admit them with their credential's code.
credential_malformed = "{ $code }" is not a credential code: check it letter by letter.
unknown_credential = No credential has the code { $code }: not admitted.
credential_other_assembly = The credential { $code } is for another assembly: not admitted to this one.
credential_revoked = The credential of { $name } ({ $body }) was revoked on { $on }, when the affiliation it sat by ended.
credential_used = The credential of { $name } ({ $body }) was used already: a code admits once.
credential_holder_present = { $name } is the alternate of seat { $seat } of { $body }, whose holder, { $holder }, is here: an alternate comes in only when the holder is absent.
credential_alternate_seated = { $name } holds seat { $seat } of { $body }, which the alternate, { $alternate }, already took.
observer_cannot_vote = { $name } sits for { $body }, an observer organisation: they may attend and speak, but not vote.
delegates_statute_first = { $body } has no statute of its own yet: adopt one (quorum, signers) before saying whether it weighs delegations by their members.

## History

audit-delegates-seats = { $actor } declared the seats of "{ $assembly }" in { $body }: { $count ->
    [one] 1 seat
   *[other] { $count } seats
}
audit-delegates-election = { $actor } put seat { $seat } ({ $role }) of the delegation of { $body } to election
audit-delegates-credential = The credential of seat { $seat } ({ $role }) of the delegation of { $body } was issued
audit-delegates-revoked = An affiliation of { $body } ended: { $count ->
    [one] 1 credential revoked
   *[other] { $count } credentials revoked
}
audit-delegates-weighting = { $actor } changed the statute of { $body }: { $weighted }

## Pages

dlg-seats-title = Seats and credentials
dlg-link = Seats and credentials
dlg-body-link = Delegations
dlg-delegations = Delegations
dlg-delegation-of = Delegation of { $body }
dlg-seats = Seats
dlg-seat = Seat
dlg-seat-role = Seat { $seat } · { $role }
dlg-seats-count = { $count ->
    [one] 1 seat
   *[other] { $count } seats
}
dlg-figures = { $seats ->
    [one] 1 seat
   *[other] { $seats } seats
} · { $members } members on { $date }
dlg-issued = { $issued } of { $seats } holders with a credential
dlg-issued-one = credential issued
dlg-admitted = admitted at the door
dlg-revoked = revoked
dlg-revoked-on = revoked on { $date }
dlg-ended-on = This delegation ended on { $date }, with the affiliation it held its seats by: its credentials no longer count.
dlg-observer = observer
dlg-observer-help = Its delegates attend and speak, but do not vote.
dlg-not-elected = not elected
dlg-voting-seats = { $count ->
    [one] 1 voting seat
   *[other] { $count } voting seats
}
dlg-rule-fixed = { $number ->
    [one] 1 seat per body
   *[other] { $number } seats per body
}
dlg-rule-per_members = One seat per { $number } members or fraction, by the register on { $date }
dlg-rule-name-fixed = A fixed number per body
dlg-rule-name-per_members = One per so many members
dlg-with-alternates = with one alternate per seat
dlg-without-alternates = without alternates
dlg-no-plan = The seats of this assembly have not been declared yet: nobody can come in as a delegate until then.
dlg-declare = Declare the seats
dlg-declare-help = Every open body below this one, and every organisation affiliated to it on the register date, gets its seats; observer affiliates, marked as such. They are declared once.
dlg-number-help = With a fixed number: each body's seats. By members: how many members give a seat.
dlg-register-on = Register date
dlg-alternates = One alternate per seat
dlg-declare-button = Declare the seats
dlg-elect = Elect delegates
dlg-elect-help = Each seat is elected in an assembly in session of the body itself, among those present. Closing the vote issues the credential.
dlg-elect-needs-assembly = To elect delegates, convene and open an assembly of the body; the election is held there.
dlg-elect-button = Put the seat to election
dlg-pick-seat = Choose the seat to elect.
dlg-nobody-present = Nobody is present at this assembly yet.
dlg-election-title = Delegate to { $assembly }
dlg-elections = Elections
dlg-weighted = Weighed by the members each delegation represents:
dlg-vote-pending = to be voted
dlg-print-credentials = Print the credentials
dlg-credentials = Credentials
dlg-credentials-note = Each credential carries its code: at the congress's door it is typed or read, and admits once. Keep them like money.
dlg-card = Delegate's credential
dlg-card-observer = Observer delegate's credential
dlg-card-code-label = Credential code
dlg-body-help = This body's delegations to the congresses and ampliados above it: their seats, elections and credentials.
dlg-none = This body has no delegations.

## Command line

dlg-cli-declared = Seats declared: { $count ->
    [one] 1 voting seat
   *[other] { $count } voting seats
} in { $delegations ->
    [one] 1 delegation
   *[other] { $delegations } delegations
}.
dlg-cli-admitted = Admitted: { $name } ({ $body }), { $seat }.
dlg-cli-demo = Delegates: the federation's congress is assembly { $congress } ({ $count ->
    [one] 1 credential issued
   *[other] { $count } credentials issued
}); the departmental council's session, { $council }.
dlg-weighting = Roll calls at this body's congresses
dlg-weighting-now = Under the statute, a roll call { $how }.
dlg-weighting-help = With weighing, each delegate counts for the members of their delegation divided by its seats, and the outcome is decided on those exact figures. It applies to congresses and ampliados whose seats are declared after the change.
dlg-weighting-no-statute = This body has no statute yet: record one before deciding how delegations are counted.
dlg-weighting-one = One vote per delegate
dlg-weighting-members = Each delegation weighs by the members it represents
dlg-weighting-save = Save in the statute
dlg-weighting-legend = How delegations are counted
