# Assemblies: rules and errors of the domain and services layers.

## Fields

field-assembly_kind = kind of assembly
field-assembly_title = assembly title
field-scheduled_for = date and time
field-agenda = agenda
field-status = status
field-quorum_rule = quorum rule
field-absence_fine = absence fine
field-signer_roles = acta signers
field-vote_method = vote method
field-decision_rule = decision rule
field-choice = vote
field-election_rule = election rule
field-motion_title = motion title
field-motion_text = motion text
field-proposer = proposer
field-votes_for = votes for
field-votes_against = votes against
field-abstentions = abstentions
field-code = code
field-candidate = candidate
field-notes = notes
field-count = number

## Assembly errors

counts_exceed_present = { $total ->
    [one] { $total } vote was counted
   *[other] { $total } votes were counted
} but only { $present } { $present ->
    [one] is present
   *[other] are present
}: count again.
unknown_assembly = There is no assembly { $id }.
unknown_motion = There is no motion { $id }.
unknown_resolution = There is no resolution { $reference } of a body below.
not_eligible = { $name } is not entitled to attend this assembly.
unknown_card = Nobody has member card { $code }: check the code.
assembly_not_open = The assembly is not in session (status: { $status }): open it first.
assembly_finished = The assembly is already { $status }: nothing more can be recorded.
assembly_already_open = The assembly is already in session.
vote_not_open = The vote on motion { $number } is not open: votes outside the vote are refused.
motion_decided = Motion { $number } was already settled ({ $outcome }).
vote_still_open = The vote on motion { $number } is still open: close it first.
no_quorum = No quorum: { $present } present, { $required } needed.
has_quorum = There is quorum ({ $present } present, { $required } needed): put the motion to the vote.
wrong_method = Motion { $number } is voted { $method ->
    [show_of_hands] by show of hands
    [roll_call] by roll call
    [secret] by secret ballot
    [phone] by phone
   *[other] another way ({ $method })
}, not this way.
no_tickets = Phone voting needs tickets: issue tickets for the assembly first.
not_present = { $name } is not present.
already_voted = { $name } has already voted on this motion.
ballot_in_the_box = A ballot of this code is already in the ballot box, waiting to be counted with others.
unknown_ticket = This ticket is not valid for this assembly.
ticket_already_voted = This ticket already voted otherwise on this motion: the first vote stands.
unknown_option = { $option } is not a choice in this vote.
no_candidates = An election needs at least one candidate.
too_many_candidates = An election takes at most { $max } candidates ({ $count ->
    [one] { $count } was given
   *[other] { $count } were given
}).
unknown_person = There is no person { $id } in the organisations you may see.
candidate_outside_register = { $name } is not on the register of { $body } or of a body below it: candidates come from there.
acta_sealed = The acta is sealed: it can no longer change.
no_acta = The acta is drafted when the assembly closes.
missing_signatures = The acta still needs the signature of: { $roles }.
not_signer = “{ $role }” is not an office that signs actas under the statute.
already_signed = You have already signed this acta.
account_required = Only a signed-in account can sign actas.

## Verifying actas

acta_bad_key = Invalid key in the acta: { $key }.
acta_duplicate_key = Repeated key in the acta: { $key }.
acta_bad_header = The acta's text does not start with its header.
acta_bad_line = Line { $line } of the acta cannot be read.
acta_bad_escape = Line { $line } of the acta has an invalid escape.
acta_content_hash = { $acta }: the sealed content was changed (its hash does not match).
acta_chain_broken = { $acta }: the chain is broken (it does not link to the previous acta).
acta_sequence_gap = { $acta }: an acta is missing from the chain (number { $expected } was expected).
acta_bad_signature = { $acta }: the signature of { $signer } is not valid.
acta_missing_signature = { $acta }: a valid signature of { $role } is missing.
acta_field_changed = { $acta }: field { $key } { $change }: sealed “{ $sealed }”, now “{ $now }”.
acta_unreadable = { $acta }: the sealed acta cannot be read.
acta_not_rebuilt = { $acta }: the acta cannot be rebuilt from the records (data missing or damaged): nothing vouches that the records still say what was sealed.
acta_name_changed = { $acta }: { $key } was “{ $sealed }” when sealed and is “{ $now }” now, and the register records no change of name.
acta_unsealed = { $acta }: the acta was sealed and then put back to draft.
acta_chain_shorter_than_head = { $acta }: the chain has { $found } sealed actas, fewer than the head { $head } { $witness ->
        [given] given to the verification
       *[kept] kept by { $keeper } since { $on }
    }: actas were deleted or un-sealed, or the chain was cut short.
acta_chain_diverges_from_head = { $acta }: the chain does not pass through the head { $head } { $witness ->
        [given] given to the verification
       *[kept] kept by { $keeper } since { $on }
    }: it was rewritten or reordered.
acta_overdue = Warning: { $acta }: the assembly closed { $days ->
    [one] { $days } day
   *[other] { $days } days
} ago and its acta is still not sealed.
acta-later-change = { $acta }: { $key } was “{ $sealed }” when sealed and is “{ $now }” now (a later change recorded in the register, not tampering).

## Names

assembly-kind-ordinaria = Ordinary assembly
assembly-kind-extraordinaria = Extraordinary / emergency assembly
assembly-kind-ampliado = Ampliado (extended meeting)
assembly-kind-congreso = Congress
assembly-kind-cabildo_abierto = Cabildo abierto (open town hall)
assembly-status-convened = Convened
assembly-status-open = In session
assembly-status-closed = Closed
assembly-status-cancelled = Cancelled
attendance-present = Present
attendance-late = Late
attendance-excused = Excused
vote-method-show_of_hands = Show of hands
vote-method-roll_call = Roll call
vote-method-secret = Secret ballot
vote-method-phone = Phone vote
decision-rule-majority = Majority of votes cast
decision-rule-absolute_majority = Absolute majority of those present
decision-rule-two_thirds = Two thirds
decision-rule-unanimity = Unanimity
election-rule-plurality = Plurality
election-rule-absolute_majority = Absolute majority (with runoff)
outcome-adopted = Adopted
outcome-rejected = Rejected
outcome-tie = Tie
outcome-no_quorum = No quorum
outcome-withdrawn = Withdrawn
outcome-elected = Elected
outcome-runoff = Runoff
choice-for = For
choice-against = Against
choice-abstain = Abstain
resolution-number = Resolution { $number }/{ $year }

## Command line

cli-verify-body = { $body }: { $actas ->
    [one] { $actas } sealed acta
   *[other] { $actas } sealed actas
}
cli-verify-intact = Chain intact: the sealed actas match the records.
cli-verify-problems = { $count ->
    [one] { $count } problem in the sealed actas.
   *[other] { $count } problems in the sealed actas.
}
cli-verify-head = Head of the chain (write it down or publish it; verify with --head): { $head }
cli-statute-set = Statute of { $body }, version { $version }: quorum { $quorum }, absence fine { $fine } Bs, signed by { $signers }.
cli-assembly-convened = Assembly { $id } convened ({ $kind }): { $title }, { $at }, at { $place }.
cli-assembly-none = No assemblies.
cli-assembly-line = { $id }  { $at }  { $kind }: { $title } — { $status }
cli-assembly-opened = Assembly { $id } in session: { $eligible } entitled, quorum { $quorum }.
cli-assembly-closed = Assembly { $id } closed: { $fines } absence fines.
cli-tickets-written = { $count ->
    [one] { $count } ticket written to { $path }.
   *[other] { $count } tickets written to { $path }.
}
cli-tickets-issued = { $count ->
    [one] { $count } ticket (shown only once):
   *[other] { $count } tickets (shown only once):
}
cli-checked-in = { $name }: { $status }.
cli-assembly-show-title = Assembly { $id } — { $kind }: { $title } ({ $body }) — { $status }
cli-assembly-show-when = { $at }, at { $place }
cli-assembly-show-agenda = { $n }. { $item }
cli-assembly-show-quorum = Entitled { $eligible }, present { $present }, excused { $excused }, quorum { $quorum }.
cli-assembly-show-tickets = Tickets for phone voting: { $count }.
cli-assembly-show-motion = Motion { $number }: { $title } — { $outcome } [{ $counts }] { $resolution }
cli-assembly-show-fines = Absence fines: { $count }, total { $total } Bs.
