# A crowd that votes by phone (cabildo abierto): tickets, their sheet, participation, live screen.
phone_voting_not_offered = El voto por celular con boletos es solo para asambleas sin padrón de quién vota (un cabildo abierto, o un organismo abierto a todos): aquí vote a mano alzada, por votación nominal o con papeleta secreta.
field-crowd_estimate = Estimación de asistentes de los organizadores
abierto-tickets = Boletos para votar por celular
abierto-tickets-issued-used = { $issued ->
    [one] 1 boleto emitido
   *[other] { $issued } boletos emitidos
} · { $used ->
    [one] 1 usado para votar
   *[other] { $used } usados para votar
}
abierto-tickets-secret = Cada boleto es un voto: imprímalos y entréguelos en mano. Solo quienes dirigen la asamblea ven esta página.
abierto-tickets-limits = Hasta { $max } boletos por vez; por encima de 500 se pide confirmar.
abierto-tickets-confirm = ¿Emitir { $count ->
    [one] 1 boleto
   *[other] { $count } boletos
}? Es una cantidad grande: revise que el número sea el que quiso escribir.
abierto-tickets-confirm-button = Sí, emitir { $count ->
    [one] 1 boleto
   *[other] { $count } boletos
}
abierto-tickets-change-count = No, cambiar la cantidad
abierto-tickets-print = Imprimir boletos
abierto-tickets-range = Boletos { $from } a { $to }
abierto-tickets-showing = Boletos { $from } a { $to } de { $issued }
abierto-tickets-print-hint = imprima esta página (8 boletos por hoja A4 o carta).
abierto-ticket-how = Para votar, escanee el código o abra en su celular:
abierto-ticket-number = N° { $number }
abierto-qr-label = Código QR de la dirección para votar
abierto-no-phone-vote-now = Ahora no hay ninguna votación por celular abierta en esta asamblea. Guarde su boleto y vuelva a abrir esta dirección cuando la directiva abra la votación.
abierto-look-again = Volver a mirar
abierto-participation = { $used ->
    [one] 1 boleto usado para votar
   *[other] { $used } boletos usados para votar
} de { $issued ->
    [one] 1 emitido
   *[other] { $issued } emitidos
} (asamblea abierta: sin lista de presentes ni quórum)
abierto-crowd-estimate = unas { $count ->
    [one] 1 persona
   *[other] { $count } personas
} según los organizadores
abierto-participation-heading = Participación
abierto-tickets-used = Boletos usados para votar
abierto-tickets-issued = Boletos emitidos
abierto-crowd-estimate-heading = Estimación de los organizadores
abierto-crowd-estimate-none = no registrada
abierto-percent = { $percent } %
abierto-live-total = { $count ->
    [one] 1 voto en total
   *[other] { $count } votos en total
}
abierto-live-tally = Votos por opción
abierto-live-where = Dónde votar
abierto-live-where-ticket = Con el código de su boleto.
abierto-live-refresh = Actualizar
