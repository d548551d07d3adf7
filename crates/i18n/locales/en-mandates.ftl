# Mandates: a base's assembly tells its delegates how to vote at a higher assembly.

field-agenda_item = agenda item
field-mandate_position = mandate
field-mandate_option = option or candidate

mandate_unknown_item = Assembly { $assembly } has no item { $item } on its agenda.
mandate_not_ancestor = Assembly { $assembly } is not of a body above { $body }: a mandate is given only for an assembly of a body above.
mandate_not_delegates_assembly = A mandate is given for a congress or an ampliado, not for an assembly of kind { $kind }.
mandate_assembly_finished = The assembly "{ $assembly }" has finished: its items take no more mandates.
mandate_already_given = { $body } already gave a mandate on "{ $item }" (resolution { $resolution }): a base gives one mandate per item.
mandate_item_voted = "{ $item }" was voted or is being voted: a mandate comes before the vote.
mandate_option_not_on_item = "{ $option }" is not among the options of "{ $item }" ({ $options }).
mandate_already_on_agenda = Motion { $number } of this assembly already carries a mandate on this item.
mandate_motion_not_pending = Motion { $number } was voted or is being voted: it can no longer be placed under an item.
mandate_motion_placed = Motion { $number } is already under the item "{ $item }".

audit-mandate-agenda = { $actor } put a mandate on "{ $item }" before an assembly of { $body }
audit-mandate-give = { $body } gave its delegates a mandate on "{ $item }"
audit-mandate-place = { $actor } placed the motion "{ $motion }" under the item "{ $item }" in { $body }

mandate-title-base = Mandates of { $body }
mandate-title-assembly = The bases' mandates
mandate-link = Mandates
mandate-position-for = vote for
mandate-position-against = vote against
mandate-position-abstain = abstain
mandate-position-option = vote for an option or candidate
mandate-asks-option = vote for "{ $option }"
mandate-keeping-kept = Kept
mandate-keeping-broken = Broken
mandate-keeping-absent = Absent
mandate-item = Item { $position }: "{ $item }" of "{ $assembly }" ({ $body })
mandate-given-by = Mandate of { $body }: { $what } (resolution { $number }, { $date })
mandate-no-delegation = { $body } had no delegate present at this vote.
mandate-not-comparable = Voted by "{ $method }": that method records no delegate's vote and cannot be compared with the mandate.
mandate-pending = Not voted yet.
mandate-no-motions = No vote under this item yet.
mandate-none = { $body } has given no mandates.
mandate-vote = { $delegate }: { $vote }
mandate-did-not-vote = did not vote
mandate-in-motion = In "{ $motion }": the mandate asked to { $asked }.
mandate-deviations = Mandates broken
mandate-deviation = { $delegate } voted "{ $vote }" on "{ $motion }" (item "{ $item }" of "{ $assembly }"); the mandate of { $body } was to { $mandate }.
mandate-feed-title = Mandate broken: { $delegate } on "{ $item }"
mandate-comparison-note = Only roll calls record each delegate's vote: secret ballots, phone votes, paper ballots and shows of hands cannot be compared with mandates.
mandate-summary = { $kept } kept, { $broken } broken, { $absent } absent
mandate-received = Mandates received
mandate-none-received = No base has given a mandate on this assembly's items.
mandate-own-only = You see only the mandates of your bases.
mandate-give = Give the delegates a mandate
mandate-give-help = The assembly votes the motion; if it adopts it, the mandate is recorded with its resolution and compared with the delegates' votes in roll calls.
mandate-field-target = Item of the congress or ampliado
mandate-field-position = Mandate
mandate-field-option = Option or candidate (only for "vote for an option")
mandate-give-button = Put the mandate to the assembly
mandate-no-targets = No congress or ampliado of a body above is convened.
mandate-motion-text = Mandate to the delegates of { $body } on the item "{ $item }" of "{ $assembly }": { $what }.
mandate-place = Place a motion under an agenda item
mandate-place-help = The bases' mandates on an item are compared with the roll calls of the motions placed under it, before their vote opens.
mandate-field-motion = Motion
mandate-field-item = Item
mandate-place-button = Place under the item
mandate-items = Agenda and motions
mandate-item-motions = { $count ->
    [one] { $count } motion under this item
   *[other] { $count } motions under this item
}
mandate-base-page = How the mandates of { $body } were kept

cli-mandate-on-agenda = Motion { $number } of assembly { $assembly }: adopting it gives the mandate.
cli-mandate-placed = Motion { $number } is now under item { $item }.
cli-mandate-vote = — { $motion }: { $state }
cli-mandate-delegate = · { $delegate }: { $keeping }
