# El libro de la organización (issue 15): cuotas, aportes, multas, pagos y recibos, el informe del
# secretario de hacienda. Importes en bolivianos ("Bs 1.234,50").

## Errores

bad_period = «{ $value }» no es un periodo: escriba 2026, 2026-03, 2026-T2 (o 2026-Q2) o 01/03/2026–31/05/2026.
ledger_unknown_family = No hay una familia «{ $reference }» en { $body }: búsquela por nombre, parcela, número de padrón o carnet.
ledger_amount_not_positive = Un importe debe ser mayor que cero, no { $amount }.
ledger_reverse_reversal = El asiento { $entry } ya es una anulación: una anulación no se anula.
ledger_already_reversed = El asiento { $entry } ya fue anulado por el asiento { $by }.
ledger_transfer_not_reversible = El asiento { $entry } es una transferencia entre organizaciones: no se anula en un solo libro. Registre una transferencia de vuelta, que la otra organización confirma.
ledger_period_closed = El periodo { $period } de { $body } está cerrado: no se puede registrar nada con fecha { $day }.
ledger_unrelated_body = { $to } no tiene relación con { $from } (no está por encima ni por debajo, no es hermana bajo la misma orgánica ni hay una afiliación vigente): no hay transferencia entre ellas.
ledger_unknown_entry = No hay un asiento { $reference } en el libro de { $body }.
ledger_unknown_receipt = No hay un recibo { $reference }.
ledger_no_dues_rule = El estatuto de { $body } no fija cuotas: fíjelas primero.
ledger_charge_paid = El asiento { $entry } cobró a familias que ya pagaron: anule primero esos pagos.
ledger_reason_required = Una anulación dice por qué.
ledger_nothing_to_charge = No hay ninguna familia de { $body } a la que cobrar.
ledger_unknown_transfer = No hay una transferencia { $reference }.
ledger_transfer_not_pending = La transferencia { $reference } no es para { $body }: solo la confirma quien la recibe.

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

## Páginas

ledger-title = Libro de tesorería
ledger-intro = Lo que cada familia debe y pagó, lo que la organización tiene en caja y lo que debe. Nada se borra: un error se corrige con una anulación que dice por qué.
ledger-cash = En caja
ledger-receivable = Deben las familias
ledger-credit = A favor
ledger-desk = Mesa de cobro
ledger-report = Informe económico
ledger-entries = Últimos asientos
ledger-no-entries = Todavía no hay asientos en el libro.
ledger-number = N°
ledger-date = Fecha
ledger-what = Concepto
ledger-charge-heading = Cobrar
ledger-field-period = Periodo
ledger-charge-dues-button = Cobrar las cuotas del periodo
ledger-take-fines = Pasar al libro las multas de asambleas cerradas
ledger-reverse-heading = Anular un asiento
ledger-field-entry = N° de asiento
ledger-field-reason = Motivo
ledger-reverse = Anular
ledger-close-heading = Cerrar un periodo
ledger-close = Cerrar el periodo
ledger-desk-search = Nombre, parcela, N° de padrón o carnet
ledger-desk-find = Buscar
ledger-desk-found = { $count ->
    [one] Una familia encontrada
   *[other] { $count } familias encontradas
}
ledger-owes = Debe
ledger-statement = Estado de cuenta
ledger-pay-heading = Registrar un pago
ledger-field-amount = Importe (Bs)
ledger-field-day = Fecha del pago
ledger-pay-first = Pagar primero
ledger-pay = Registrar el pago y dar recibo
ledger-charges = Cobros
ledger-no-charges = No se le cobró nada todavía.
ledger-due = Vence
ledger-amount = Importe
ledger-receipts = Recibos
ledger-no-receipts = Ningún pago registrado.
ledger-receipt = Recibo
ledger-code = Código
ledger-receipt-reversed = Este pago fue anulado (asiento { $entry }).
ledger-received-from = Recibí de
ledger-the-sum = la suma de
ledger-in-words = Son
ledger-for = Por concepto de
ledger-to-credit = A cuenta de próximos cobros
ledger-treasurer = Recibí conforme
ledger-back = Volver al estado de cuenta
ledger-show = Ver
ledger-opening-cash = Caja al inicio
ledger-income = Ingresos
ledger-expenses = Gastos
ledger-closing-cash = Caja al cierre
ledger-no-expenses = Ningún gasto en el periodo.
ledger-transfers = Transferencias
ledger-arrears = Familias en mora
ledger-arrears-count = { $count ->
    [0] Ninguna familia en mora
    [one] Una familia en mora
   *[other] { $count } familias en mora
}
ledger-csv = Descargar para Excel (CSV)
ledger-chart-title = Ingresos y gastos de { $period }
ledger-csv-section = Sección
ledger-csv-item = Concepto
ledger-csv-amount = Importe (Bs)
ledger-entry-kind-charges = Cobro
ledger-entry-kind-payment = Pago
ledger-entry-kind-reversal = Anulación
ledger-entry-kind-expense = Gasto
ledger-entry-kind-income = Ingreso
ledger-entry-kind-transfer_out = Transferencia enviada
ledger-entry-kind-transfer_in = Transferencia por recibir
ledger-entry-kind-transfer_confirm = Transferencia recibida
ledger-charge-dues = Cuota
ledger-charge-contribution = Aporte
ledger-charge-fine = Multa
ledger-account-income-dues = Cuotas
ledger-account-income-contributions = Aportes
ledger-account-income-fines = Multas
ledger-account-income-other = Otros ingresos
ledger-account-income-transfers = Transferencias recibidas
ledger-purpose-projects = Obras y proyectos
ledger-purpose-travel = Viajes de delegación
ledger-purpose-administration = Administración
ledger-purpose-campaign = Campaña
ledger-purpose-solidarity = Solidaridad
ledger-purpose-other = Otros gastos

## Línea de comandos

ledger-cli-dues-set = Cuotas del estatuto fijadas: { $amount }.
ledger-cli-exempt = Familia { $family } eximida de cuotas.
ledger-cli-charged = { $count ->
    [one] Un cobro
   *[other] { $count } cobros
} por { $total } (asiento { $entry }).
ledger-cli-paid = Recibo { $number } (código { $code }) por { $amount }; a favor: { $credit }.
ledger-cli-entry = Asiento { $number } registrado.
ledger-cli-statement = { $name }: debe { $owed }, a favor { $credit }.
ledger-cli-receipt = { $body } · Recibo { $number } ({ $code }) · Recibí de { $family } la suma de { $amount } (son: { $words }) · { $treasurer }
ledger-cli-closed = Periodo del { $from } al { $to } cerrado.
ledger-cli-report = Periodo { $period }: caja al inicio { $opening }, ingresos { $income }, gastos { $expenses }, caja al cierre { $closing }; { $arrears ->
    [0] ninguna familia en mora
    [one] una familia en mora
   *[other] { $arrears } familias en mora
} ({ $owed }).

## The statute's dues and a levy, from the book's page
ledger-rule-heading = Cuotas del estatuto
ledger-rule-intro = Lo que cada familia aporta por periodo, como lo aprobó la asamblea. Solo quien puede cambiar el estatuto.
ledger-field-dues-amount = Cuota por familia (Bs)
ledger-field-cadence = Cada
ledger-cadence-monthly = Mes
ledger-cadence-quarterly = Trimestre
ledger-cadence-yearly = Año
ledger-rule-button = Guardar las cuotas
ledger-levy-heading = Aporte aprobado en asamblea
ledger-field-resolution = Resolución (N°)
ledger-field-purpose = Destino
ledger-field-description = Para qué es
ledger-field-basis = Se cobra
ledger-basis-household = por familia
ledger-basis-hectare = por hectárea de sus lotes
ledger-field-levy-amount = Importe (Bs)
ledger-field-due-on = Vence el
ledger-levy-button = Cobrar el aporte a cada familia
