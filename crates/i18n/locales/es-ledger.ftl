# El libro de la organización (issue 15): cuotas, aportes, multas, pagos y recibos, el informe del
# secretario de hacienda. Importes en bolivianos ("Bs 1.234,50").

## Errores

bad_period = «{ $value }» no es un periodo: escriba 2026, 2026-03, 2026-T2 (o 2026-Q2) o 01/03/2026–31/05/2026.
ledger_unknown_family = No hay una familia «{ $reference }» en { $body }: búsquela por nombre, parcela, número de padrón o carnet.
ledger_amount_not_positive = Un importe debe ser mayor que cero, no { $amount }.
ledger_reverse_reversal = El asiento { $entry } ya es una anulación: una anulación no se anula.
ledger_already_reversed = El asiento { $entry } ya fue anulado por el asiento { $by }.
ledger_period_closed = El periodo { $period } de { $body } está cerrado: no se puede registrar nada con fecha { $day }.
ledger_unrelated_body = { $to } no tiene relación con { $from } (no está por encima ni hay una afiliación): no hay transferencia entre ellas.
ledger_unknown_entry = No hay un asiento { $reference } en el libro de { $body }.
ledger_unknown_receipt = No hay un recibo { $reference }.
ledger_no_dues_rule = El estatuto de { $body } no fija cuotas: fíjelas primero.
ledger_charge_paid = El asiento { $entry } cobró a familias que ya pagaron: anule primero esos pagos.
ledger_reason_required = Una anulación dice por qué.
ledger_nothing_to_charge = No hay ninguna familia de { $body } a la que cobrar.
ledger_unknown_transfer = No hay una transferencia { $reference }.
ledger_transfer_not_pending = La transferencia { $reference } ya fue confirmada, o no le toca a { $body } confirmarla.

## Campos

field-amount = importe
field-period = periodo
field-purpose = destino
field-memo = concepto
field-household = familia

## Historial

audit-ledger-close = { $actor } cerró el periodo { $what } del libro de { $body }
audit-ledger-dues = { $actor } cobró cuotas en { $body } (asiento { $entry }, Bs { $amount }): { $what }
audit-ledger-dues-rule = { $actor } fijó las cuotas del estatuto de { $body }: { $what }
audit-ledger-exempt = { $actor } eximió de cuotas a la familia { $what } de { $body }
audit-ledger-expense = { $actor } registró un gasto de { $body } (asiento { $entry }, Bs { $amount }): { $what }
audit-ledger-fines = { $actor } pasó al libro de { $body } las multas de asambleas cerradas (asiento { $entry }, Bs { $amount })
audit-ledger-levy = { $actor } cobró un aporte en { $body } (asiento { $entry }, Bs { $amount }): { $what }
audit-ledger-pay = { $actor } registró un pago en { $body } (asiento { $entry }, Bs { $amount }): { $what }
audit-ledger-reverse = { $actor } anuló en { $body } (asiento { $entry }, Bs { $amount }): { $what }
audit-ledger-transfer = { $actor } registró una transferencia de { $body } (asiento { $entry }, Bs { $amount }): { $what }
audit-ledger-transfer-confirm = { $actor } confirmó una transferencia recibida por { $body } (asiento { $entry }, Bs { $amount }): { $what }
