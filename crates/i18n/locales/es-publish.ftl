# Una organización publica los totales de su libro en su página pública (issue 15, punto 6): solo
# totales, nunca una familia.

## Historial

audit-ledger-publish = { $actor } publicó los totales del libro de { $body } en su página pública{ $resolution ->
    [none] {""}
   *[other] , por la resolución { $resolution }
}
audit-ledger-unpublish = { $actor } retiró los totales del libro de { $body } de su página pública{ $resolution ->
    [none] {""}
   *[other] , por la resolución { $resolution }
}

## La página del libro

publish-heading = Totales en la página pública
publish-intro = La asamblea decide si la página pública de la organización muestra sus cuentas. Solo se publican totales: ingresos por tipo, gastos por destino, transferencias, caja y lo que se debe en mora con el número de familias. Nunca el nombre de una familia ni lo que debe cada una.
publish-on = Se publican desde el { $date }; lo decidió { $who }.
publish-on-resolution = Se publican desde el { $date } por la resolución { $resolution }; lo registró { $who }.
publish-off = No se publican: la página pública no muestra nada de las cuentas.
publish-off-since = Retirados el { $date } por { $who }: la página pública no muestra nada de las cuentas.
publish-field-resolution = Resolución de la asamblea que lo decidió (N°, opcional)
publish-button = Publicar los totales en la página pública
unpublish-button = Retirar los totales de la página pública
publish-page-unpublished = La página pública de la organización no está publicada: los totales se verán cuando lo esté.

## La página pública

public-ledger-heading = Cuentas de la organización
public-ledger-intro = Totales que la organización decidió publicar. Nunca el nombre de una familia.
public-ledger-year = { $year }, hasta el { $date }
public-ledger-income = Ingresos
public-ledger-total-income = Total de ingresos
public-ledger-expenses = Gastos
public-ledger-total-expenses = Total de gastos
public-ledger-no-income = Ningún ingreso.
public-ledger-no-expenses = Ningún gasto.
public-ledger-transfers-in = Recibido de otras organizaciones
public-ledger-transfers-out = Enviado a otras organizaciones
public-ledger-cash = En caja
public-ledger-arrears = En mora
public-ledger-arrears-families = { $count ->
    [0] Ninguna familia en mora
    [one] Una familia en mora
   *[other] { $count } familias en mora
}
public-ledger-concept = Concepto
public-ledger-amount = Importe

## Línea de comandos

ledger-cli-published = Los totales de { $body } se publican en su página pública.
ledger-cli-unpublished = Los totales de { $body } no se publican en su página pública.
