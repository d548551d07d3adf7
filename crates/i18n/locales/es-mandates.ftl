# Mandates (mandatos): a base's assembly tells its delegates how to vote at a higher assembly.

field-agenda_item = punto del orden del día
field-mandate_position = mandato
field-mandate_option = opción o candidatura

mandate_unknown_item = La asamblea { $assembly } no tiene el punto { $item } en su orden del día.
mandate_not_ancestor = La asamblea { $assembly } no es de un órgano superior a { $body }: un mandato se da solo para una asamblea de un órgano por encima.
mandate_not_delegates_assembly = Un mandato se da para un congreso o un ampliado, no para una asamblea de tipo { $kind }.
mandate_assembly_finished = La asamblea «{ $assembly }» ya terminó: sus puntos no reciben más mandatos.
mandate_already_given = { $body } ya dio un mandato sobre «{ $item }» (resolución { $resolution }): una base da un solo mandato por punto.
mandate_item_voted = «{ $item }» ya se votó o se está votando: el mandato va antes de la votación.
mandate_option_not_on_item = «{ $option }» no está entre las opciones de «{ $item }» ({ $options }).
mandate_already_on_agenda = La moción { $number } de esta asamblea ya lleva un mandato sobre este punto.
mandate_motion_not_pending = La moción { $number } ya se votó o se está votando: no se puede poner bajo un punto.
mandate_motion_placed = La moción { $number } ya está bajo el punto «{ $item }».

audit-mandate-agenda = { $actor } llevó a una asamblea de { $body } un mandato sobre «{ $item }»
audit-mandate-give = { $body } dio a sus delegados un mandato sobre «{ $item }»
audit-mandate-place = { $actor } puso la moción «{ $motion }» bajo el punto «{ $item }» en { $body }

mandate-title-base = Mandatos de { $body }
mandate-title-assembly = Mandatos de las bases
mandate-link = Mandatos
mandate-position-for = votar a favor
mandate-position-against = votar en contra
mandate-position-abstain = abstenerse
mandate-position-option = votar por una opción o candidatura
mandate-asks-option = votar por «{ $option }»
mandate-keeping-kept = Cumplido
mandate-keeping-broken = Incumplido
mandate-keeping-absent = Ausente
mandate-item = Punto { $position }: «{ $item }» de «{ $assembly }» ({ $body })
mandate-given-by = Mandato de { $body }: { $what } (resolución { $number }, { $date })
mandate-no-delegation = { $body } no tuvo delegados presentes en esta votación.
mandate-not-comparable = Votado por «{ $method }»: ese método no registra el voto de cada delegado y no se puede comparar con el mandato.
mandate-pending = Aún no se votó.
mandate-no-motions = Todavía no hay votaciones bajo este punto.
mandate-none = { $body } no ha dado mandatos.
mandate-vote = { $delegate }: { $vote }
mandate-did-not-vote = no votó
mandate-in-motion = En «{ $motion }»: el mandato pedía { $asked }.
mandate-deviations = Mandatos incumplidos
mandate-deviation = { $delegate } votó «{ $vote }» en «{ $motion }» (punto «{ $item }» de «{ $assembly }»); el mandato de { $body } era { $mandate }.
mandate-feed-title = Mandato incumplido: { $delegate } en «{ $item }»
mandate-comparison-note = Solo las votaciones nominales registran el voto de cada delegado: las votaciones secretas, por celular, con papeletas o a mano alzada no se pueden comparar con los mandatos.
mandate-summary = { $kept ->
    [one] { $kept } cumplido
   *[other] { $kept } cumplidos
}, { $broken ->
    [one] { $broken } incumplido
   *[other] { $broken } incumplidos
}, { $absent ->
    [one] { $absent } ausente
   *[other] { $absent } ausentes
}
mandate-received = Mandatos recibidos
mandate-none-received = Ninguna base ha dado mandatos sobre los puntos de esta asamblea.
mandate-own-only = Ves solo los mandatos de tus bases.
mandate-give = Dar un mandato a los delegados
mandate-give-help = La asamblea vota la moción; si la aprueba, el mandato queda registrado con su resolución y se compara con el voto de los delegados en las votaciones nominales.
mandate-field-target = Punto del congreso o ampliado
mandate-field-position = Mandato
mandate-field-option = Opción o candidatura (solo para «votar por una opción»)
mandate-give-button = Llevar el mandato a la asamblea
mandate-no-targets = Ningún congreso ni ampliado de un órgano superior está convocado.
mandate-motion-text = Mandato a los delegados de { $body } sobre el punto «{ $item }» de «{ $assembly }»: { $what }.
mandate-place = Poner una moción bajo un punto del orden del día
mandate-place-help = Los mandatos de las bases sobre un punto se comparan con las votaciones nominales de las mociones puestas bajo él, antes de abrir su votación.
mandate-field-motion = Moción
mandate-field-item = Punto
mandate-place-button = Poner bajo el punto
mandate-items = Orden del día y mociones
mandate-item-motions = { $count ->
    [one] { $count } moción bajo este punto
   *[other] { $count } mociones bajo este punto
}
mandate-base-page = Cómo se cumplieron los mandatos de { $body }

cli-mandate-on-agenda = Moción { $number } de la asamblea { $assembly }: da el mandato si se aprueba.
cli-mandate-placed = La moción { $number } queda bajo el punto { $item }.
cli-mandate-vote = — { $motion }: { $state }
cli-mandate-delegate = · { $delegate }: { $keeping }
