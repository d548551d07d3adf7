# Assemblies: pages, forms and the live view.

asm-body-assemblies = Assemblies
asm-assemblies = Assemblies
asm-none = No assembly has been convened yet.
asm-convene = Convene an assembly
asm-agenda-hint = (one item per line)
asm-convocatoria = Notice of meeting
asm-agenda = Agenda
asm-statute = Statute
asm-statute-edit = Change the statute
asm-version = Version
asm-versions = Earlier versions
asm-adopted = Adopted
asm-quorum-hint = (half plus one, 60%, or a number such as 40)
asm-signers-hint = (offices of the directiva, one per line or separated by commas: Secretario General, Secretario de Actas)
asm-verify = Verify minutes
asm-feed = Notices (Atom)
asm-feed-title = Notices of { $body }
asm-fine-warning = An unexcused absence is fined { $amount }.
asm-quorum = Quorum
asm-quorum-reached = Quorum reached: { $present } present of { $eligible }, { $required } needed.
asm-quorum-missing = No quorum: { $present } present of { $eligible }, { $required } needed.
asm-excused-count = { $count } excused
asm-present-count = { $count } present
asm-tickets-count = { $count ->
    [one] { $count } ticket
   *[other] { $count } tickets
}
asm-radio = Notice for the radio
asm-radio-notice = { $body } convenes: { $kind }, { $when }, at { $place }.
asm-door = Check-in
asm-cards = Member cards
asm-live = Live screen
asm-acta = Minutes
asm-open = Open the session
asm-cancel = Cancel
asm-close = Close the session
asm-tickets = Phone-voting tickets
asm-tickets-how-many = How many
asm-issue-tickets = Issue tickets
asm-tickets-once = Print these codes now: they are not shown again.
asm-motions = Motions and elections
asm-no-motions = No motions yet.
asm-motion = Motion
asm-election = Election
asm-new-motion = Move a motion
asm-move-motion = Move the motion
asm-amends = Amendment to motion
asm-origin = Resolution of a member body
asm-new-election = Elect an office
asm-candidates = Candidates
asm-candidate-number = Candidate { $number }
asm-names-withheld = Names are shown only to those who may see this organisation's members: here are the counts only.
asm-nobody-present = Nobody is checked in as present.
asm-put-election = Put to election
asm-fines = Fines
asm-fines-count = { $count ->
    [one] { $count } fine for absence
   *[other] { $count } fines for absence
}
asm-back-to-assembly = Back to the assembly
asm-back-to-body = Back to the body
asm-checked-in = Checked in: { $who }
asm-card-code = Member card code
asm-door-search = Name, parcel, N° or card
asm-search = Search
asm-motion-status-pending = Pending
asm-motion-status-voting = Voting
asm-motion-status-decided = Decided
asm-present-at-open = { $count } present at the vote
asm-outcome = Outcome
asm-ballot-codes = Ballot codes
asm-ballot-codes-once = Print and hand one code to each person present; the sheet can be printed again until the first ballot. Votes are cast at
asm-open-vote = Open the vote
asm-withdraw = Withdraw the motion
asm-no-quorum = No quorum to vote
asm-count-hands = Show of hands count
asm-record-count = Record the count
asm-all-voted = Everyone present has voted.
asm-voted = Already voted
asm-secret-how = Each person votes with their code at
asm-phone-how = Vote with the ticket at
asm-close-vote = Close the vote
asm-ballot = Secret ballot
asm-motion-number = Vote number
asm-ballot-code = Ballot code
asm-ticket-code = Ticket code
asm-ballot-counted = Vote recorded. Thank you.
asm-ballot-secret-note = The vote is secret: nobody keeps who voted.
asm-ballot-heading = Vote { $number }: { $title }
asm-ballot-go = Show the ballot
asm-ballot-in-the-box = Your ballot is in the ballot box. It is counted when it is stored together with at least { $others } more, or when the vote closes, so that not even a copy of the database tells how you voted. If the server stops before that, your code is still valid: vote again with it.
asm-phone-note = Each ticket is worth one vote per motion.
asm-vote-recorded = Vote recorded.
asm-vote-already-recorded = That vote was already recorded.
asm-voting-now = Voting now
asm-secret-hidden = Secret ballot: the result shows when the vote closes.
asm-acta-draft = Draft: it may still change.
asm-acta-sealed = Sealed minutes
asm-attendance = Attendance
asm-attendance-list = Attendance list
asm-signatures = Signatures
asm-missing-signers = Still to sign
asm-content-hash = Content fingerprint
asm-chain-hash = Chain fingerprint
asm-edit-notes = Notes of the minutes
asm-notes-unsign = Changing the notes voids the signatures already given.
asm-sign = Sign the minutes
asm-sign-as = Sign as
asm-password = Your password
asm-seal = Seal the minutes
asm-sealed-count = { $count ->
    [one] { $count } sealed acta
   *[other] { $count } sealed actas
}
asm-chain-intact = The chain of minutes is intact.
asm-chain-head = Head of the chain of minutes
asm-chain-head-so-far = Head of the chain of minutes ({ $count } sealed)
asm-chain-head-help = Write it down or keep this paper: with it anyone can later check that no minutes were deleted, taken out of the chain or rewritten ("cabildo verify --head" followed by this text).
asm-acta-chain = Sealed minutes
asm-later-changes = Later changes recorded in the register
asm-overdue-actas = Minutes waiting to be sealed
asm-overdue-days = { $days ->
    [one] closed { $days } day ago and its minutes are not sealed
   *[other] closed { $days } days ago and its minutes are not sealed
}
asm-role-administrador = Administrator
asm-role-secretario_actas = Recording secretary
asm-role-secretario_hacienda = Treasurer
asm-role-dirigente = Leader
asm-role-afiliado = Member
asm-role-observador = Observer
