# Petitions: a base's resolution that rises level by level up to an outside authority (a
# ministry, a governor, a mayor), with its letter (oficio) and the replies.

## Errors

unknown_petition = There is no petition { $reference }.
unknown_authority = There is no authority { $reference } among the contacts of { $body }.
petition_skips_level = { $target } is not the body right above { $body }: a petition goes to { $parent }, without skipping a level.
petition_no_parent = { $body } has no body above it to raise a petition to.
petition_not_own_resolution = Resolution { $resolution } is of { $owner }, not of { $body }: a body raises only its own resolutions.
petition_already_raised = Resolution { $resolution } was already raised as petition { $petition }.
petition_not_holder = The petition is in the inbox of { $holder }, not of { $body }: only the body that holds it decides on it.
petition_not_waiting = The petition is no longer waiting ({ $status ->
    [addressed] it was sent to the authority
    [merged] it was merged into a pliego
    [returned] it was returned to its base
   *[other] it was decided on
}): there is nothing left to decide.
petition_not_sent = The petition was never sent to an authority: there is no reply to record.
petition_reasons_required = Returning a petition needs the reasons its base will read; a pliego needs its title.
petition_nothing_to_merge = A pliego merges this petition with at least one other of the same inbox.
petition_meeting_required = A meeting reply needs the meeting's date and time.
petition_no_meeting_to_convene = This reply gives no meeting date, or the delegation was already convened.

## Fields

field-petition_action = decision
field-reply_kind = kind of reply
field-authority = authority
field-authority_name = institution
field-address = address

## History

audit-petition-raise = { $actor } raised petition { $petition } from { $body }: { $what }
audit-petition-authority = { $actor } recorded the authority { $what } as a contact of { $body }
audit-petition-agenda = { $actor } put petition { $petition } before an assembly of { $body } to { $action }: { $what }
audit-petition-endorse = The assembly of { $body } endorsed and raised petition { $petition }: { $what }
audit-petition-return = The assembly of { $body } returned petition { $petition } to its base: { $what }
audit-petition-merge = The assembly of { $body } merged petition { $petition } into a pliego: { $what }
audit-petition-address = The assembly of { $body } addressed petition { $petition } to an authority: { $what }
audit-petition-reply = { $actor } recorded at { $body } a reply to petition { $petition }: { $kind }
audit-petition-delegation = { $actor } convened at { $body } the delegation of petition { $petition }

## Values

petition-action-endorse = endorse it and raise it
petition-action-return = return it to its base with reasons
petition-action-merge = merge it with others into a pliego
petition-action-address = address it to an authority
petition-reply-meeting = Meeting date
petition-reply-partial = Partial answer
petition-reply-full = Full answer
petition-reply-refusal = Refusal
petition-standing-waiting = Waiting for a decision
petition-standing-overdue = Waiting, past the date asked for a decision
petition-standing-returned = Returned to its base
petition-standing-merged = Merged into a pliego
petition-standing-addressed = Sent to the authority, awaiting a reply
petition-standing-silence = No reply from the authority, past the deadline
petition-standing-replied_meeting = The authority gave a meeting date
petition-standing-replied_partial = The authority answered in part
petition-standing-replied_full = The authority answered in full
petition-standing-replied_refusal = The authority refused
petition-step-raised = { $body } raised it to { $to } on { $on }
petition-step-endorsed = { $body } endorsed it and raised it to { $to } on { $on }
petition-step-returned = { $body } returned it to { $to } on { $on }
petition-step-merged = { $body } merged it into a pliego on { $on }
petition-step-addressed = { $body } addressed it to the authority on { $on }

## Pages

petition-inbox-title = Petitions
petition-inbox-help = Petitions the bases raise arrive here. The body's assembly decides on each: endorse it so it rises one level, return it with reasons, merge it with others into a pliego, or address it to an authority.
petition-filter-all = All
petition-filter-waiting = Waiting ({ $count })
petition-filter-overdue = Overdue ({ $count })
petition-showing = { $count ->
    [one] 1 petition
   *[other] { $count } petitions
} · page { $page } of { $pages }
petition-none = There are no petitions here.
petition-prev = Previous
petition-next = Next
petition-line = From { $origin }, raised on { $on } · at { $holder }
petition-line-pliego = Pliego of { $origin }, of { $on } · at { $holder }
petition-raise = Raise a petition
petition-raise-help = A resolution of this body rises as a petition to { $parent }, the body right above it.
petition-raise-button = Raise to { $parent }
petition-no-resolutions = This body has no resolutions to raise yet.
petition-field-resolution = Resolution
petition-pick-resolution = Choose a resolution
petition-field-answer-by = Ask for a decision by
petition-authorities = Authorities
petition-authorities-help = The outside authorities this body addresses petitions to: the institution, the office addressed and the address. The person's name is not kept.
petition-no-authorities = This body has recorded no authorities yet.
petition-add-authority = Record an authority
petition-field-authority-name = Institution
petition-field-office = Office addressed
petition-field-address = Address
petition-heading = Petition { $number }
petition-heading-pliego = Pliego { $number }
petition-origin = Origin
petition-origin-resolution = { $body }, resolution { $number } of { $on }
petition-holder = Now at
petition-addressed = Sent
petition-addressed-to = To { $authority }, oficio { $reference }, reply by: { $by }
petition-oficio = See and print the oficio
petition-merged-into = Merged into the pliego
petition-members = Petitions of the pliego
petition-path = Path
petition-cites = resolution { $number } of { $on }
petition-reasons = Reasons
petition-replies = The authority's replies
petition-no-replies = No replies yet.
petition-reply-line = { $kind }, received on { $on }
petition-meeting-at = meeting on { $at } at { $place }
petition-delegation-link = The delegation's assembly
petition-delegation-title = Title of the assembly
petition-delegation-default = Delegation to { $authority }
petition-convene-delegation = Convene the delegation
petition-motions = Motions about this petition
petition-propose = Put before an assembly
petition-propose-help = The assembly decides by a motion: once adopted, the petition rises, goes back, is merged into a pliego or is addressed to the authority.
petition-no-assembly = This body has no assembly in session.
petition-field-assembly = Assembly in session
petition-field-action = What is proposed
petition-field-title = Title of the motion
petition-field-reasons = Reasons (to return it) or the pliego's title (to merge)
petition-field-others = Other petitions for the pliego
petition-field-authority = Authority (to address it)
petition-field-reply-by = Deadline for the authority's reply
petition-propose-button = Move the motion
petition-record-reply = Record a reply
petition-field-reply-kind = Reply
petition-field-received-on = Received on
petition-field-reply-text = Text of the reply
petition-field-meeting-at = Date and time of the meeting
petition-field-meeting-place = Place of the meeting
petition-on-page = Petitions
petition-on-body = From { $origin } · at { $holder }
petition-feed-title = Petition: { $title }
petition-oficio-ref = Oficio
petition-oficio-to = To
petition-oficio-subject = Re
petition-oficio-opening = Dear Sir or Madam: by this letter, and by mandate of our bases, we ask the following:
petition-oficio-citations = Resolutions behind this petition
petition-citation = Resolution { $number } of { $body }, of { $on }: { $title }
petition-oficio-reply-by = We ask you to reply by { $date }.
petition-oficio-closing = With our respectful greetings.
petition-back = Back to the petition

## Command line

petition-cli-raised = Petition { $id } raised ({ $public_id }).
petition-cli-proposed = Motion { $motion } moved in assembly { $assembly }.
petition-cli-replied = Reply { $id } recorded on petition { $petition }.
petition-cli-authority = Authority { $id } recorded: { $name }.
