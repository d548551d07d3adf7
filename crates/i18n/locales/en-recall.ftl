# Recall (revocatoria) of leaders by the base.

## Errors
unknown_recall = There is no recall { $id }.
recall_no_say = { $mover } cannot recall the office { $office } of { $body }: only { $body } in its own assembly, or a sindicato among its bases, can.
recall_office_ended = The office { $office } of { $body } held by { $holder } has already ended: there is nothing to recall.
recall_already_counted = { $base } already counts in the recall of { $office } of { $body } (resolution { $resolution }): each base counts once.
recall_window_closed = The window of the recall of { $office } of { $body } closed on { $closed }: this resolution no longer counts.
recall_no_share = The statute of { $body } does not say what share of its bases recalls a leader: set one in its statute (for example 1/3, one third) before recalling from the bases.

## Fields
field-recall_rule = rule to recall one of its own leaders
field-recall_share = share of the bases that recalls (for example 1/3)
field-recall_window = the bases' window (days)

## History
audit-recall-move = { $actor } moved the recall "{ $what }" in { $body }
audit-recall-open = A recall by the bases of { $what } opened in { $body } ({ $actor })
audit-recall-count = { $body } adopted the recall of { $what } ({ $actor })
audit-recall-recalled = { $body }: { $what } was recalled ({ $actor })
audit-recall-failed = { $body }: the recall of { $what } did not reach its share of the bases in time ({ $actor })

## Statute
recall-rule = Recall in its assembly
recall-share = Recall by the bases
recall-no-share = Not set: its leaders cannot be recalled from the bases
recall-share-words = { $num } in every { $den } sindicatos below, within { $days ->
    [one] { $days } day
   *[other] { $days } days
} of the first resolution
recall-statute-hint = Recall: the rule by which its assembly recalls one of its own leaders (two thirds unless set); and, for a body with bases, what share of its sindicatos must adopt the recall (1/3, one third, 50%; "none" removes it) and within how many days.

## Pages
recall-move = Move a recall
recall-move-intro = The assembly can recall a leader of its own body (by the statute's recall rule) or, in a sindicato, adopt the recall of a leader of its central, federation or confederation: it counts towards the share of the bases that body's statute sets.
recall-no-offices = There are no offices this assembly can recall.
recall-office = Office recalled
recall-own-office = of this body
recall-choice-opens = the first resolution opens the recall
recall-choice-under-way = recall under way until { $closes }
recall-choice-counted = this sindicato has already adopted the recall under way (until { $closes })
recall-pick-office = Choose the office recalled.
recall-title-hint = Leave the title or the text empty and they are written with the office's name.
recall-default-title = Recall of { $office }
recall-default-text = The assembly recalls the mandate of { $office }.
recall-office-line = { $holder }, { $office } of { $body }
recall-heading = Recall of { $office }
recall-status-under_way = Under way
recall-status-recalled = Recalled
recall-status-failed = Failed
recall-count-line = { $adopted } of { $bases ->
    [one] { $bases } sindicato
   *[other] { $bases } sindicatos
} adopted it; { $needed } needed
recall-window-line = from { $opened } to { $closes }
recall-adopted = Bases that adopted it
recall-opened = Opened
recall-closes = Window until
recall-decided = Decided
recall-not-yet = Not yet
recall-resolutions = The bases' resolutions
recall-assembly = assembly
recall-missing = Bases that did not adopt it
recall-list = Recalls
recall-list-intro = The recalls of this body's leaders, and those of the bodies above in which it counts as a base.
recall-none = There are no recalls.
recall-put-on-agenda = Put it on the agenda of an assembly
recall-under-way = Recalls under way
recall-under-way-line = { $holder }, { $office } of { $body }: { $adopted } of { $needed ->
    [one] { $needed } resolution needed
   *[other] { $needed } resolutions needed
}, until { $closes }
recall-feed-title = Recall of { $holder }, { $office } of { $body }: { $status }
recall-feed-text = { $adopted } of { $needed ->
    [one] { $needed } resolution needed
   *[other] { $needed } resolutions needed
} from the bases; window until { $closes }.

recall-motion-note = Recall of { $holder }, { $office } of { $body }: voted by the statute's recall rule ({ $rule }), whatever rule is chosen when the vote opens.
recall-see = see the recall by the bases

## Command line
cli-statute-recall = Recall: in its assembly by { $rule }; by the bases, { $share } of its sindicatos within { $days ->
    [one] { $days } day
   *[other] { $days } days
}.
cli-statute-recall-no-share = Recall: in its assembly by { $rule }; by the bases, not set (set it with --recall-share 1/3).
