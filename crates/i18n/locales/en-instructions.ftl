# Instructions (instructivos): a resolution sent down from the body that adopted it to the bodies
# below, and each one's acknowledgement.

## Errors

unknown_instruction = There is no instruction { $reference }.
instruction_outside_subtree = { $target } is not below { $body }: an instruction goes only to the bodies under the one that sends it.
instruction_not_own_resolution = Resolution { $resolution } is of { $owner }, not of { $body }: a body sends down only its own resolutions.
instruction_no_recipients = No open body below { $body } matches the choice: nobody would receive the instruction.
instruction_not_recipient = { $body } is not among the bodies this instruction was sent to.
instruction_already_acknowledged = { $body } already acknowledged this instruction on { $on }, by { $by }.
instruction_already_acknowledged_by_assembly = { $body } already acknowledged this instruction on { $on }, by its assembly (resolution { $resolution }).
instruction_no_office = You hold no office in { $body }: only its officers, or its assembly, acknowledge for the body.

## History

audit-instruction-send = { $actor } sent the instruction "{ $title }" from { $body } to { $count ->
    [one] 1 body
   *[other] { $count } bodies
}
audit-instruction-acknowledge = { $body } acknowledged the instruction "{ $title }" ({ $actor })
audit-instruction-agenda = { $actor } put the instruction "{ $title }" before an assembly of { $body }

## Pages

instr-title = Instructions
instr-body-link = Instructions
instr-pending-here = Instructions to acknowledge
instr-received = Received
instr-sent = Sent
instr-none-received = No instruction reached this body or the bodies below it.
instr-none-sent = This body has sent no instructions.
instr-send = Send an instruction
instr-send-help = A resolution of this body goes down as an instruction to the bodies below it. Each acknowledges it once: by an officer, or by its assembly.
instr-field-resolution = Resolution
instr-field-to = To whom
instr-to-all = Every body below
instr-to-under = { $body } and the bodies below it
instr-field-kind = Only bodies of kind
instr-kind-any = Every kind
instr-field-note = Note (optional)
instr-field-ack-by = Acknowledge by (optional)
instr-send-button = Send the instruction
instr-no-resolutions = This body has no resolutions to send yet.
instr-heading = Instruction: resolution { $number }
instr-from = Sent by
instr-sent-on = Sent on
instr-to = To
instr-scope-all = every body below { $body }
instr-scope-under = { $body } and the bodies below it
instr-scope-kind = only: { $kind }
instr-ack-by = Acknowledge by
instr-note = Note
instr-public-id = Identifier
instr-standing = { $recipients ->
    [one] Acknowledged: { $acknowledged } of 1 body
   *[other] Acknowledged: { $acknowledged } of { $recipients } bodies
}
instr-missing-count = { $count ->
    [one] 1 missing
   *[other] { $count } missing
}
instr-at-level = In { $body }
instr-own-pending = { $body } has not acknowledged it yet.
instr-own-acknowledged = { $body } acknowledged it on { $on }, by { $by }.
instr-own-by-assembly = { $body } acknowledged it on { $on }, by its assembly: resolution { $resolution }.
instr-acknowledge-button = Acknowledge as an officer of { $body }
instr-agenda = Put it to the assembly
instr-agenda-help = It is moved as a motion in an assembly in session; if the assembly adopts it, that acknowledges it.
instr-agenda-assembly = Assembly
instr-agenda-button = Put it on the agenda
instr-no-open-assembly = No assembly of this body is in session: convene one, or acknowledge as an officer.
instr-on-agenda = On the agenda
instr-below = Bodies below
instr-col-body = Body
instr-col-own = Itself
instr-col-acknowledged = Acknowledged
instr-col-missing = Missing
instr-own-yes = acknowledged
instr-own-no = pending
instr-own-none = not a recipient
instr-missing = Those that have not acknowledged
instr-missing-none = Every one has acknowledged.
instr-missing-more = { $count ->
    [one] … and 1 more: download the whole list.
   *[other] … and { $count } more: download the whole list.
}
instr-missing-csv = Download the list (CSV)
instr-acknowledged-list = Those that have acknowledged
instr-ack-officer = { $on }: { $by }
instr-ack-assembly = { $on }: by its assembly, resolution { $resolution }
instr-csv-code = Code
instr-csv-name = Body
instr-csv-kind = Kind
instr-csv-parent = Under
instr-pending-line = Resolution { $number } of { $sender }: { $title }
instr-until = by { $date }
instr-feed-entry = Instruction from { $sender }: resolution { $number }
instr-open = See the instruction
instr-pending-mark = To acknowledge
instr-acknowledged-mark = Acknowledged

## Command line

instr-cli-sent = Instruction { $id } sent to { $count ->
    [one] 1 body
   *[other] { $count } bodies
} ({ $public_id }).
instr-cli-acknowledged = { $body } acknowledged instruction { $id }.
instr-pick-resolution = — choose a resolution —
