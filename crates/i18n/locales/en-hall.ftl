## The door and the vote as they happen in a hall: the door's counter, member cards, the sheet of
## secret-ballot codes, the paper-ballot tally, closing a vote with confirmation.

ballot_code_unknown = No ballot of this vote has that code: check it letter by letter.
ballot_code_used = That ballot code has already voted: each code is good for one vote.
ballot_sheet_closed = The first ballot was cast: the codes can no longer be printed or issued again.
ballot_sheet_lost = This server no longer holds the codes of this vote (it restarted). While nobody has voted you may issue new codes; those of the earlier sheet stop working.
vote-method-paper_ballot = Paper ballots counted by hand
hall-door-count = { $present ->
    [one] 1 present
   *[other] { $present } present
} · quorum { $required } · { $missing ->
    [0] quorum reached
    [one] 1 more needed
   *[other] { $missing } more needed
}
hall-door-count-open = { $present ->
    [one] 1 present
   *[other] { $present } present
} (no quorum: open assembly)
hall-door-others = { $eligible ->
    [one] 1 entitled
   *[other] { $eligible } entitled
} · { $excused ->
    [one] 1 excused
   *[other] { $excused } excused
}
hall-door-here = Already checked in
hall-door-correct-excused = Change to excused
hall-door-correct-present = Arrived: present
hall-for = for
hall-card = Member card
hall-card-number = Family No. { $number }
hall-card-code-label = Code for the door
hall-cards-note = Print on A4: several cards fit on a sheet. At the door, type the code or search by name.
hall-print = Print
hall-sheet-link = Print the ballot codes
hall-sheet-title = Ballot codes: { $title }
hall-sheet-note = { $count ->
    [one] 1 code
   *[other] { $count } codes
}, one per person present when the vote opened. Cut them out and hand one to each person. The sheet can be printed again until the first ballot is cast, not after.
hall-sheet-slip = Motion { $number } · vote at /ballot with this code
hall-sheet-reissue = Issue new codes
hall-sheet-reissue-note = The codes of the earlier sheet will stop working. Only possible while nobody has voted.
hall-ballots-cast = { $cast ->
    [one] 1 of { $issued } has voted
   *[other] { $cast } of { $issued } have voted
}
hall-paper-heading = Count of the paper ballots
hall-paper-note = Count the ballots in the hall and enter how many there are for each option (blank ballots as abstentions). A new count replaces the previous one until the vote is closed.
hall-paper-record = Enter the count
hall-paper-total = { $total ->
    [one] 1 ballot counted
   *[other] { $total } ballots counted
} · { $present ->
    [one] 1 present
   *[other] { $present } present
}
hall-close-title = Close the vote: { $title }
hall-close-motion = Once closed, nobody can vote or correct the count any more. The result is decided by the rule "{ $rule }" and, if adopted, becomes a numbered resolution. This cannot be undone.
hall-close-election = Once closed, nobody can vote or correct the count any more. The winner takes the office "{ $office }", or a second round is held between those tied. This cannot be undone.
hall-close-so-far = Count so far
hall-close-secret = Secret ballots are counted at the close: those waiting in the ballot box are written then.
hall-close-confirm = Yes, close the vote
hall-close-back = No, back to the motion
hall-ballot-assembly = { $assembly } · { $body } · { $when }
