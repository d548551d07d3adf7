# Instructivos: una resolución que baja del organismo que la adoptó a los de abajo, y el acuse
# de recibo de cada uno.

## Errores

unknown_instruction = No hay un instructivo { $reference }.
instruction_outside_subtree = { $target } no está debajo de { $body }: un instructivo baja solo a los organismos que dependen del que lo envía.
instruction_not_own_resolution = La resolución { $resolution } es de { $owner }, no de { $body }: un organismo envía como instructivo solo sus propias resoluciones.
instruction_no_recipients = Ningún organismo abierto debajo de { $body } cumple lo elegido: nadie recibiría el instructivo.
instruction_not_recipient = { $body } no está entre los organismos que reciben este instructivo.
instruction_already_acknowledged = { $body } ya acusó recibo de este instructivo el { $on }, por { $by }.
instruction_already_acknowledged_by_assembly = { $body } ya acusó recibo de este instructivo el { $on }, por su asamblea (resolución { $resolution }).
instruction_no_office = Usted no tiene cargo en { $body }: solo sus dirigentes, o su asamblea, acusan recibo por el organismo.

## Historial

audit-instruction-send = { $actor } envió el instructivo «{ $title }» desde { $body } a { $count ->
    [one] 1 organismo
   *[other] { $count } organismos
}
audit-instruction-acknowledge = { $body } acusó recibo del instructivo «{ $title }» ({ $actor })
audit-instruction-agenda = { $actor } llevó el instructivo «{ $title }» a una asamblea de { $body }

## Páginas

instr-title = Instructivos
instr-body-link = Instructivos
instr-pending-here = Instructivos por acusar recibo
instr-received = Recibidos
instr-sent = Enviados
instr-none-received = Ningún instructivo llegó a este organismo ni a los de abajo.
instr-none-sent = Este organismo no envió instructivos.
instr-send = Enviar un instructivo
instr-send-help = Una resolución de este organismo baja como instructivo a los organismos de abajo. Cada uno acusa recibo una vez: por un dirigente, o por su asamblea.
instr-field-resolution = Resolución
instr-field-to = A quiénes
instr-to-all = A todos los organismos de abajo
instr-to-under = A { $body } y los de abajo
instr-field-kind = Solo los de tipo
instr-kind-any = Todos los tipos
instr-field-note = Nota (opcional)
instr-field-ack-by = Acusar recibo hasta (opcional)
instr-send-button = Enviar el instructivo
instr-no-resolutions = Este organismo aún no tiene resoluciones que enviar.
instr-heading = Instructivo: resolución { $number }
instr-from = Enviado por
instr-sent-on = Enviado el
instr-to = Para
instr-scope-all = todos los organismos debajo de { $body }
instr-scope-under = { $body } y los organismos debajo
instr-scope-kind = solo: { $kind }
instr-ack-by = Acusar recibo hasta
instr-note = Nota
instr-public-id = Identificador
instr-standing = { $recipients ->
    [one] Acusó recibo: { $acknowledged } de 1 organismo
   *[other] Acusaron recibo: { $acknowledged } de { $recipients } organismos
}
instr-missing-count = { $count ->
    [one] falta 1
   *[other] faltan { $count }
}
instr-at-level = En { $body }
instr-own-pending = { $body } aún no acusó recibo.
instr-own-acknowledged = { $body } acusó recibo el { $on }, por { $by }.
instr-own-by-assembly = { $body } acusó recibo el { $on }, por su asamblea: resolución { $resolution }.
instr-acknowledge-button = Acusar recibo como dirigente de { $body }
instr-agenda = Llevar a la asamblea
instr-agenda-help = Se presenta como moción en una asamblea en sesión; si la asamblea la aprueba, acusa recibo.
instr-agenda-assembly = Asamblea
instr-agenda-button = Poner en el orden del día
instr-no-open-assembly = No hay una asamblea en sesión de este organismo: convoque una, o acuse recibo como dirigente.
instr-on-agenda = En el orden del día
instr-below = Organismos de abajo
instr-col-body = Organismo
instr-col-own = Él mismo
instr-col-acknowledged = Acusaron recibo
instr-col-missing = Faltan
instr-own-yes = acusó recibo
instr-own-no = pendiente
instr-own-none = no lo recibe
instr-missing = Los que no acusaron recibo
instr-missing-none = Todos acusaron recibo.
instr-missing-more = { $count ->
    [one] … y 1 más: descargue la lista completa.
   *[other] … y { $count } más: descargue la lista completa.
}
instr-missing-csv = Descargar la lista (CSV)
instr-acknowledged-list = Los que acusaron recibo
instr-ack-officer = { $on }: { $by }
instr-ack-assembly = { $on }: por su asamblea, resolución { $resolution }
instr-csv-code = Código
instr-csv-name = Organismo
instr-csv-kind = Tipo
instr-csv-parent = Depende de
instr-pending-line = Resolución { $number } de { $sender }: { $title }
instr-until = hasta el { $date }
instr-feed-entry = Instructivo de { $sender }: resolución { $number }
instr-open = Ver el instructivo
instr-pending-mark = Por acusar recibo
instr-acknowledged-mark = Acusó recibo

## Línea de comandos

instr-cli-sent = Instructivo { $id } enviado a { $count ->
    [one] 1 organismo
   *[other] { $count } organismos
} ({ $public_id }).
instr-cli-acknowledged = { $body } acusó recibo del instructivo { $id }.
instr-pick-resolution = — elija una resolución —
