# Transferencias entre organizaciones (issue 15, parte 4): la parte de las cuotas que se debe a las
# orgánicas de arriba, los aportes enviados a otra organización y su confirmación.

## Errores

ledger_transfer_to_itself = { $body } no puede enviarse dinero a sí misma.
ledger_share_not_owed = { $from } no le debe parte de sus cuotas a { $to }: solo se debe a las orgánicas de arriba cuyo estatuto la fija.
ledger_transfer_exceeds_cash = { $body } tiene { $cash } en caja: no puede enviar { $amount }.
ledger_transfer_already_confirmed = La transferencia { $reference } ya fue confirmada por { $by } (asiento { $entry }).
ledger_unknown_levy = No hay un aporte «{ $reference }» en { $body }.

## Historial

audit-ledger-share = { $actor } fijó en el estatuto de { $body } la parte de las cuotas que le deben las orgánicas de abajo: { $what }
audit-ledger-transfer = { $actor } registró una transferencia en el libro de { $body } (asiento { $entry }, Bs { $amount }): { $what }
audit-ledger-transfer-confirm = { $actor } confirmó que llegó una transferencia a { $body } (asiento { $entry }, Bs { $amount }): { $what }

## Páginas

transfers-title = Transferencias de { $body }
transfers-intro = Lo enviado a otras organizaciones y lo recibido de ellas. Cada transferencia se registra una vez, en los dos libros; quien la recibe confirma que llegó.
transfers-sent = Enviadas
transfers-received = Recibidas
transfers-none-sent = Ninguna transferencia enviada.
transfers-none-received = Ninguna transferencia recibida.
transfers-from = De
transfers-to = A
transfers-kind = Tipo
transfers-status = Estado
transfers-kind-dues_share = Parte de cuotas
transfers-kind-contribution = Aporte
transfers-pending = Por confirmar
transfers-confirmed = Recibida
transfers-confirmed-by = Confirmada por { $name }
transfers-confirm = Confirmar que llegó
transfers-send-heading = Enviar dinero a otra organización
transfers-send-hint = Solo a una orgánica de arriba o de abajo, a una hermana bajo la misma orgánica o a una organización con la que hay una afiliación vigente. Para la parte de cuotas, deje el importe vacío: se envía lo que falta del periodo.
transfers-field-to = Organización que recibe (código)
transfers-field-kind = Tipo
transfers-field-period = Periodo (para la parte de cuotas)
transfers-field-levy = Aporte cobrado (opcional)
transfers-field-levy-none = Ninguno
transfers-field-amount = Importe (Bs)
transfers-field-memo = Concepto
transfers-send = Enviar y registrar en los dos libros
transfers-link = Transferencias
transfers-none = Ninguna transferencia con otras organizaciones todavía.
transfers-all = Todas las transferencias, enviar y confirmar
transfers-owed-link = Lo que deben las orgánicas de abajo
transfers-share-heading = Parte de las cuotas que deben las orgánicas de abajo
transfers-share-current = El estatuto fija { $share } de las cuotas cobradas.
transfers-share-none = El estatuto no fija ninguna parte.
transfers-field-share = Parte (%)
transfers-share-set = Fijar la parte
owed-title = Lo que deben a { $body } las orgánicas de abajo
owed-intro = Por cada organización de abajo: las cuotas que cobró a sus familias en el periodo, la parte que le toca a { $body } ({ $share }), lo que ya envió y lo que todavía debe. La parte se redondea hacia abajo al centavo.
owed-period = Periodo
owed-show = Ver
owed-body = Organización
owed-collected = Cuotas cobradas
owed-share = Parte
owed-sent = Enviado
owed-outstanding = Debe
owed-total = Total
owed-none = { $count ->
    [0] Ninguna organización de abajo cobró cuotas ni envió su parte en el periodo.
    [one] Una organización de abajo
   *[other] { $count } organizaciones de abajo
}

## Línea de comandos

transfers-cli-sent = Transferencia { $reference } de { $from } a { $to } por { $amount } (asientos { $out } y { $in }), por confirmar.
transfers-cli-confirmed = Transferencia { $reference } recibida por { $body } (asiento { $entry }).
transfers-cli-share = Parte de las cuotas fijada: { $share }.
transfers-cli-owed = { $body }: cobró { $collected }, parte { $owed }, envió { $sent }, debe { $outstanding }.
transfers-cli-owed-total = Total del periodo { $period }: parte { $owed }, enviado { $sent }, deben { $outstanding }.
