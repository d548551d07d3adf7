# A crowd that votes by phone (cabildo abierto): tickets, their sheet, participation, live screen.
phone_voting_not_offered = Voting by phone with tickets is only for assemblies without a register of who votes (a cabildo abierto, or a body open to all): here vote by show of hands, roll call or secret ballot.
field-crowd_estimate = Organisers' estimate of the crowd
abierto-tickets = Tickets to vote by phone
abierto-tickets-issued-used = { $issued ->
    [one] 1 ticket issued
   *[other] { $issued } tickets issued
} · { $used ->
    [one] 1 used to vote
   *[other] { $used } used to vote
}
abierto-tickets-secret = Each ticket is a vote: print them and hand them out in person. Only those who run the assembly see this page.
abierto-tickets-limits = Up to { $max } tickets at a time; above 500 you are asked to confirm.
abierto-tickets-confirm = Issue { $count ->
    [one] 1 ticket
   *[other] { $count } tickets
}? That is a large number: check it is the one you meant to type.
abierto-tickets-confirm-button = Yes, issue { $count ->
    [one] 1 ticket
   *[other] { $count } tickets
}
abierto-tickets-change-count = No, change the number
abierto-tickets-print = Print tickets
abierto-tickets-range = Tickets { $from } to { $to }
abierto-tickets-showing = Tickets { $from } to { $to } of { $issued }
abierto-tickets-print-hint = print this page (8 tickets per A4 or letter sheet).
abierto-ticket-how = To vote, scan the code or open on your phone:
abierto-ticket-number = No. { $number }
abierto-qr-label = QR code of the address to vote at
abierto-no-phone-vote-now = No vote by phone is open in this assembly right now. Keep your ticket and open this address again when the chair opens the vote.
abierto-look-again = Look again
abierto-participation = { $used ->
    [one] 1 ticket used to vote
   *[other] { $used } tickets used to vote
} of { $issued ->
    [one] 1 issued
   *[other] { $issued } issued
} (open assembly: no list of those present, no quorum)
abierto-crowd-estimate = about { $count ->
    [one] 1 person
   *[other] { $count } people
} by the organisers' estimate
abierto-participation-heading = Participation
abierto-tickets-used = Tickets used to vote
abierto-tickets-issued = Tickets issued
abierto-crowd-estimate-heading = Organisers' estimate
abierto-crowd-estimate-none = not recorded
abierto-percent = { $percent }%
abierto-live-total = { $count ->
    [one] 1 vote in all
   *[other] { $count } votes in all
}
abierto-live-tally = Votes per option
abierto-live-where = Where to vote
abierto-live-where-ticket = With the code on your ticket.
abierto-live-refresh = Refresh
