# Consultas of the bases: fields, rules and errors.

## Fields

field-consulta_kind = kind of consulta
field-aggregation_rule = how answers are added up
field-question = question
field-deadline = deadline
field-consulta_option = options
field-base_kind = who answers
field-consulta_text = explanation

## Kinds, rules and options

consulta-kind-yes_no = Yes or no
consulta-kind-choice = A choice among options
consulta-kind-nomination = Propose candidates
consulta-rule-sum_of_votes = Sum of votes
consulta-rule-one_voice_per_base = One voice per base
consulta-rule-weighted_by_members = Weighted by members
consulta-option-yes = Yes
consulta-option-no = No

## Pages

consulta-consultas = Consultas of the bases
consulta-consulta = Consulta of the bases
consulta-intro = A consulta asks every base of the organisation; each base answers from its own assembly, and the answers are added up level by level.
consulta-none = This organisation has launched no consulta.
consulta-launch = Launch a consulta
consulta-options-hint = Only for "a choice among options": one option per line, 2 to 12.
consulta-rule-hint = Sum of votes: every base's votes added up. One voice per base: each base counts once, for what it adopted. Weighted by members: what each base adopted, by its members. The bases are fixed at launch: the open bodies of the chosen kind below this one.
consulta-status-open = Open: taking answers
consulta-status-closed = Closed: no more answers
consulta-overdue = past the deadline: answers are still taken and marked late
consulta-answered-count = { $total ->
    [one] { $answered } of one base answered
   *[other] { $answered } of { $total } bases answered
}{ $late ->
    [0] {""}
    [one] {""} (one late)
   *[other] {""} ({ $late } late)
}.
consulta-results = Results by level
consulta-how-to-answer = Each base answers by putting the consulta on the agenda of one of its assemblies and voting it there, by any method; closing the vote records its answer.
consulta-nominees = Names proposed by the bases
consulta-answers-heading = The bases' answers
consulta-base = Base
consulta-adopted = Answer
consulta-late = late
consulta-none-adopted = No option (a tie)
consulta-intermediate = Own votes of intermediate bodies
consulta-intermediate-note = Shown beside the sum of their bases, never replacing it.
consulta-extend = Extend the deadline
consulta-new-deadline = new deadline
consulta-close = Close the consulta
consulta-to-election = Make the leading names candidates
consulta-no-open-assembly = To make them candidates, open an assembly (a congress or an ampliado) of this body.
consulta-assembly = assembly
consulta-count = how many names
consulta-asked = Open consultas of the bases
consulta-answers = Answers the consulta
consulta-yes-no-how = for is yes, against is no
consulta-put-on-agenda = Put on the agenda
consulta-nominate = Candidates this assembly proposes
consulta-answered-in = Answered in "{ $assembly }" of { $date }.
consulta-answered-late = Answered late, in "{ $assembly }" of { $date }.
consulta-unanswered = Not answered yet; deadline: { $deadline }.
consulta-unanswered-overdue = Not answered; the deadline passed on { $deadline }: the answer will be marked late.
consulta-feed-title = Consulta of the bases: { $question }
consulta-radio = { $body } asks { $bases ->
    [one] its base
   *[other] its { $bases } bases
}: { $question } Answer by { $deadline }.
consulta-radio-options = The options are
consulta-radio-how-yes_no = Each base answers yes or no in its assembly.
consulta-radio-how-choice = Each base chooses one option in its assembly.
consulta-radio-how-nomination = Each base proposes a name, elected in its assembly.

## Errors

unknown_consulta = There is no consulta { $reference }.
consulta_closed = The consulta "{ $question }" is closed: it takes no more answers.
consulta_not_asked = { $body } was not asked "{ $question }": it is neither a base of the consulta nor a body above one.
consulta_already_answered = { $body } already answered "{ $question }" in the assembly "{ $assembly }" of { $date }: a body answers once.
consulta_already_on_agenda = Motion { $number } of this assembly already answers the consulta.
consulta_vote_under_way = The consulta is being voted already in "{ $assembly }" (motion { $number }): a body answers once.
consulta_no_bases = There is no open { $kind } below { $body } to ask: choose another kind of base.
consulta_deadline_not_later = The new deadline, { $deadline }, must be later than the present one, { $current }.
consulta_not_nomination = The consulta "{ $question }" is not a nomination.
consulta_nomination_needs_candidates = A nomination is answered by an election: tick the candidates the assembly proposes.
consulta_no_nominees = No base has proposed a name yet.
consulta_not_launchers_assembly = The assembly is not of { $body }, which launched the consulta.

## History

audit-consulta-launch = { $actor } launched consulta no. { $consulta } of { $body } to { $bases ->
    [one] one base
   *[other] { $bases } bases
}
audit-consulta-extend = { $actor } extended to { $deadline } the deadline of consulta no. { $consulta } of { $body }
audit-consulta-close = { $actor } closed consulta no. { $consulta } of { $body }
audit-consulta-agenda = { $actor } put consulta no. { $consulta } on the agenda of an assembly of { $body }
audit-consulta-answer = { $body } answered consulta no. { $consulta } when the vote closed ({ $actor })
audit-consulta-election = { $actor } made the names proposed in consulta no. { $consulta } the candidates of an election of { $body }

## Command line

cli-consulta-launched = Consulta { $id } launched: { $question } ({ $bases ->
    [one] one base
   *[other] { $bases } bases
}; deadline { $deadline }).
cli-consulta-line = { $id }. { $question } — { $kind }; deadline { $deadline }; { $status }
cli-consulta-answer-line =   { $body }: { $adopted } ("{ $assembly }", { $date }){ $late }
cli-consulta-extended = New deadline of consulta { $id }: { $deadline }.
cli-consulta-closed = Consulta { $id } closed: it takes no more answers.
cli-consulta-on-agenda = Motion { $number } of assembly { $assembly }: it answers consulta { $id }.
cli-consulta-election = Election { $number } in assembly { $assembly }, with { $count ->
    [one] one candidate
   *[other] { $count } candidates
}.
