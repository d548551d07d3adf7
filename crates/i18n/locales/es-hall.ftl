## The door and the vote as they happen in a hall: the door's counter, member cards, the sheet of
## secret-ballot codes, the paper-ballot tally, closing a vote with confirmation.

ballot_code_unknown = Ninguna papeleta de esta votación tiene ese código: revíselo letra por letra.
ballot_code_used = Ese código de papeleta ya votó: cada código vale para un solo voto.
ballot_sheet_closed = Ya se emitió el primer voto: los códigos ya no se pueden imprimir ni emitir de nuevo.
ballot_sheet_lost = Este servidor ya no guarda los códigos de esta votación (se reinició). Mientras nadie haya votado, puede emitir códigos nuevos; los de la hoja anterior dejan de valer.
vote-method-paper_ballot = Papeletas contadas a mano
hall-door-count = { $present ->
    [one] 1 presente
   *[other] { $present } presentes
} · quórum { $required } · { $missing ->
    [0] hay quórum
    [one] falta 1
   *[other] faltan { $missing }
}
hall-door-count-open = { $present ->
    [one] 1 presente
   *[other] { $present } presentes
} (sin quórum: asamblea abierta)
hall-door-others = { $eligible ->
    [one] 1 habilitado
   *[other] { $eligible } habilitados
} · { $excused ->
    [one] 1 justificado
   *[other] { $excused } justificados
}
hall-door-here = Ya registrado
hall-door-correct-excused = Cambiar a justificado
hall-door-correct-present = Llegó: presente
hall-for = para
hall-card = Carnet de afiliado
hall-card-number = Familia N° { $number }
hall-card-code-label = Código para la puerta
hall-cards-note = Imprima en A4: caben varios carnets por hoja. En la puerta se escribe el código o se busca por nombre.
hall-print = Imprimir
hall-sheet-link = Imprimir los códigos de las papeletas
hall-sheet-title = Códigos de papeleta: { $title }
hall-sheet-note = { $count ->
    [one] 1 código
   *[other] { $count } códigos
}, uno por persona presente al abrir la votación. Recórtelos y entregue uno a cada persona. La hoja se puede imprimir de nuevo hasta que se emita el primer voto; después ya no.
hall-sheet-slip = Moción { $number } · vote en /ballot con este código
hall-sheet-reissue = Emitir códigos nuevos
hall-sheet-reissue-note = Los códigos de la hoja anterior dejarán de valer. Solo se puede mientras nadie haya votado.
hall-ballots-cast = { $cast ->
    [one] 1 de { $issued } ha votado
   *[other] { $cast } de { $issued } han votado
}
hall-paper-heading = Escrutinio de las papeletas
hall-paper-note = Cuente las papeletas en la sala y anote cuántas hay por opción (las papeletas en blanco, como abstención). Un nuevo conteo reemplaza al anterior hasta que se cierre la votación.
hall-paper-record = Anotar el escrutinio
hall-paper-total = { $total ->
    [one] 1 papeleta contada
   *[other] { $total } papeletas contadas
} · { $present ->
    [one] 1 presente
   *[other] { $present } presentes
}
hall-close-title = Cerrar la votación: { $title }
hall-close-motion = Al cerrar, nadie más puede votar ni corregir el conteo. El resultado se decide con la regla «{ $rule }» y, si se aprueba, queda como una resolución numerada. No se puede deshacer.
hall-close-election = Al cerrar, nadie más puede votar ni corregir el conteo. Quien gane ocupa el cargo «{ $office }», o se pasa a una segunda vuelta entre los empatados. No se puede deshacer.
hall-close-so-far = Conteo hasta ahora
hall-close-secret = Los votos secretos se cuentan al cerrar: las papeletas que esperan en la urna se guardan entonces.
hall-close-confirm = Sí, cerrar la votación
hall-close-back = No, volver a la moción
hall-ballot-assembly = { $assembly } · { $body } · { $when }
