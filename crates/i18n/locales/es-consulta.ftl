# Consultas a las bases: campos, reglas y errores.

## Campos

field-consulta_kind = tipo de consulta
field-aggregation_rule = forma de sumar las respuestas
field-question = pregunta
field-deadline = plazo
field-consulta_option = opciones
field-base_kind = quiénes responden
field-consulta_text = explicación

## Tipos, reglas y opciones

consulta-kind-yes_no = Sí o no
consulta-kind-choice = Elegir entre opciones
consulta-kind-nomination = Proponer candidatos
consulta-rule-sum_of_votes = Suma de votos
consulta-rule-one_voice_per_base = Una voz por base
consulta-rule-weighted_by_members = Ponderado por afiliados
consulta-option-yes = Sí
consulta-option-no = No

## Páginas

consulta-consultas = Consultas a las bases
consulta-consulta = Consulta a las bases
consulta-intro = Una consulta pregunta a cada base de la organización; cada base responde desde su propia asamblea, y las respuestas se suman nivel por nivel.
consulta-none = Esta organización no lanzó ninguna consulta.
consulta-launch = Lanzar una consulta
consulta-options-hint = Solo para «elegir entre opciones»: una opción por línea, de 2 a 12.
consulta-rule-hint = Suma de votos: los votos de todas las bases sumados. Una voz por base: cada base cuenta una vez, por lo que aprobó. Ponderado por afiliados: lo que aprobó cada base, por sus afiliados. Las bases quedan fijadas al lanzar: las organizaciones abiertas del tipo elegido que están debajo de esta.
consulta-status-open = Abierta: recibe respuestas
consulta-status-closed = Cerrada: no recibe más respuestas
consulta-overdue = plazo vencido: las respuestas se reciben y se marcan como tardías
consulta-answered-count = { $total ->
    [one] { $answered } de una base respondió
   *[other] { $answered } de { $total } bases respondieron
}{ $late ->
    [0] {""}
    [one] {""} (una tarde)
   *[other] {""} ({ $late } tarde)
}.
consulta-results = Resultados por nivel
consulta-how-to-answer = Cada base responde poniendo la consulta en el orden del día de una de sus asambleas y votándola allí, con cualquier forma de votación; al cerrar la votación queda registrada su respuesta.
consulta-nominees = Nombres propuestos por las bases
consulta-answers-heading = Respuestas de las bases
consulta-base = Base
consulta-adopted = Respuesta
consulta-late = tarde
consulta-none-adopted = Ninguna opción (empate)
consulta-intermediate = Votos propios de organizaciones intermedias
consulta-intermediate-note = Se muestran al lado de la suma de sus bases y nunca la reemplazan.
consulta-extend = Extender el plazo
consulta-new-deadline = nuevo plazo
consulta-close = Cerrar la consulta
consulta-to-election = Hacer candidatos a los nombres más votados
consulta-no-open-assembly = Para hacerlos candidatos, abra una asamblea (congreso o ampliado) de esta organización.
consulta-assembly = asamblea
consulta-count = cuántos nombres
consulta-asked = Consultas a las bases abiertas
consulta-answers = Responde a la consulta
consulta-yes-no-how = a favor es sí, en contra es no
consulta-put-on-agenda = Poner en el orden del día
consulta-nominate = Candidatos que propone esta asamblea
consulta-answered-in = Respondida en «{ $assembly }» del { $date }.
consulta-answered-late = Respondida tarde, en «{ $assembly }» del { $date }.
consulta-unanswered = Sin responder todavía; plazo: { $deadline }.
consulta-unanswered-overdue = Sin responder; el plazo venció el { $deadline }: la respuesta se marcará tarde.
consulta-feed-title = Consulta a las bases: { $question }
consulta-radio = { $body } consulta a { $bases ->
    [one] su base
   *[other] sus { $bases } bases
}: { $question } Responder hasta { $deadline }.
consulta-radio-options = Las opciones son
consulta-radio-how-yes_no = Cada base responde sí o no en su asamblea.
consulta-radio-how-choice = Cada base elige una opción en su asamblea.
consulta-radio-how-nomination = Cada base propone un nombre, elegido en su asamblea.

## Errores

unknown_consulta = No hay ninguna consulta { $reference }.
consulta_closed = La consulta «{ $question }» está cerrada: no recibe más respuestas.
consulta_not_asked = A { $body } no se le preguntó «{ $question }»: no es una base de la consulta ni una organización por encima de una.
consulta_already_answered = { $body } ya respondió «{ $question }» en la asamblea «{ $assembly }» del { $date }: cada organización responde una sola vez.
consulta_already_on_agenda = La moción { $number } de esta asamblea ya responde a la consulta.
consulta_vote_under_way = La consulta ya se está votando en «{ $assembly }» (moción { $number }): cada organización responde una sola vez.
consulta_no_bases = No hay ningún { $kind } abierto debajo de { $body } a quien preguntar: elija otro tipo de base.
consulta_deadline_not_later = El nuevo plazo, { $deadline }, debe ser posterior al actual, { $current }.
consulta_not_nomination = La consulta «{ $question }» no es para proponer candidatos.
consulta_nomination_needs_candidates = Una consulta de candidatos se responde con una elección: marque los candidatos que propone la asamblea.
consulta_no_nominees = Ninguna base propuso un nombre todavía.
consulta_not_launchers_assembly = La asamblea no es de { $body }, que lanzó la consulta.

## Historial

audit-consulta-launch = { $actor } lanzó la consulta n.º { $consulta } de { $body } a { $bases ->
    [one] una base
   *[other] { $bases } bases
}
audit-consulta-extend = { $actor } extendió hasta { $deadline } el plazo de la consulta n.º { $consulta } de { $body }
audit-consulta-close = { $actor } cerró la consulta n.º { $consulta } de { $body }
audit-consulta-agenda = { $actor } puso la consulta n.º { $consulta } en el orden del día de una asamblea de { $body }
audit-consulta-answer = { $body } respondió la consulta n.º { $consulta } al cerrar la votación ({ $actor })
audit-consulta-election = { $actor } hizo candidatos de una elección de { $body } a los nombres propuestos en la consulta n.º { $consulta }

## Línea de comandos

cli-consulta-launched = Consulta { $id } lanzada: { $question } ({ $bases ->
    [one] una base
   *[other] { $bases } bases
}; plazo { $deadline }).
cli-consulta-line = { $id }. { $question } — { $kind }; plazo { $deadline }; { $status }
cli-consulta-answer-line =   { $body }: { $adopted } («{ $assembly }», { $date }){ $late }
cli-consulta-extended = Nuevo plazo de la consulta { $id }: { $deadline }.
cli-consulta-closed = Consulta { $id } cerrada: no recibe más respuestas.
cli-consulta-on-agenda = Moción { $number } de la asamblea { $assembly }: responde a la consulta { $id }.
cli-consulta-election = Elección { $number } en la asamblea { $assembly }, con { $count ->
    [one] un candidato
   *[other] { $count } candidatos
}.
