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
