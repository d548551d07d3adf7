# Delegados, asientos y credenciales: un congreso (o un ampliado) declara sus asientos, cada
# organización de abajo elige a sus delegados en su asamblea, y la puerta admite por credencial.

field-seat_rule = forma de repartir los asientos
field-seat_number = número

seat-role-holder = titular
seat-role-alternate = suplente
weighted-true = pondera cada delegación por sus afiliados
weighted-false = cuenta un voto por delegado

## Errores

unknown_delegation = No hay una delegación { $id }.
seats_not_for_kind = Una asamblea { $kind } no tiene delegados: solo un congreso o un ampliado declara asientos.
seats_already_declared = Los asientos de esta asamblea ya fueron declarados.
seats_no_sub_bodies = { $body } no tiene organizaciones abiertas debajo ni afiliadas a quienes dar asientos.
delegation_not_of_body = La delegación es de { $delegation }, no de { $body }: cada organización elige a sus delegados en su propia asamblea.
delegation_ended = La delegación de { $body } terminó el { $on }, cuando terminó su afiliación.
no_such_seat = { $seats ->
    [one] La delegación tiene 1 asiento
   *[other] La delegación tiene { $seats } asientos
}: no existe el asiento { $seat }.
seats_no_alternates = Los asientos de esta asamblea no tienen suplentes.
second_credential = El asiento { $seat } ({ $role ->
    [alternate] suplente
   *[holder] titular
}) de { $body } ya tiene credencial, entregada a { $holder }: un asiento tiene una sola.
congress_finished = «{ $assembly }» ya se reunió: no se entregan más credenciales para ella.
credential_required = { $name } es delegado: se le admite con el código de su credencial.
credential_malformed = «{ $code }» no es un código de credencial: revíselo letra por letra.
unknown_credential = Ninguna credencial tiene el código { $code }: no se admite.
credential_other_assembly = La credencial { $code } es de otra asamblea: no se admite en esta.
credential_revoked = La credencial de { $name } ({ $body }) fue anulada el { $on }, cuando terminó la afiliación por la que tenía asiento.
credential_used = La credencial de { $name } ({ $body }) ya fue usada: un código admite una sola vez.
credential_holder_present = { $name } es suplente del asiento { $seat } de { $body }, y su titular, { $holder }, está presente: el suplente entra solo si falta el titular.
credential_alternate_seated = { $name } es titular del asiento { $seat } de { $body }, que ya ocupó su suplente, { $alternate }.
observer_cannot_vote = { $name } representa a { $body }, organización observadora: puede asistir y hablar, pero no votar.

## Historial

audit-delegates-seats = { $actor } declaró los asientos de «{ $assembly }» en { $body }: { $count ->
    [one] 1 asiento
   *[other] { $count } asientos
}
audit-delegates-election = { $actor } puso a elección el asiento { $seat } ({ $role }) de la delegación de { $body }
audit-delegates-credential = Se entregó la credencial del asiento { $seat } ({ $role }) de la delegación de { $body }
audit-delegates-revoked = Terminó una afiliación de { $body }: { $count ->
    [one] 1 credencial anulada
   *[other] { $count } credenciales anuladas
}
audit-delegates-weighting = { $actor } cambió el estatuto de { $body }: { $weighted }
