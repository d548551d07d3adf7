# Los libros del sindicato (issue 15, partes 3, 5 y 6): importar pagos de una planilla, documentos
# de gastos, el informe presentado a la asamblea, quién ve qué.

ledger_import_too_large = El archivo es demasiado grande: como máximo { $rows } pagos y { $size } por importación. Divídalo en varios archivos.
ledger_ambiguous_family = { $count } familias de { $body } se llaman «{ $reference }»: indique la familia por su carnet o su N° de padrón.
ledger_import_no_family_column = El archivo de pagos no tiene una columna que diga qué familia pagó (por ejemplo «Carnet», «N°», «Lote» o «Nombre»).
ledger_import_no_amount_column = El archivo de pagos no tiene una columna para el importe (por ejemplo «Monto»).
audit-ledger-import = { $actor } importó { $count ->
    [one] un pago
   *[other] { $count } pagos
} en { $body } (Bs { $amount })
field-sheet = Planilla de pagos (CSV)
books-import-title = Importar pagos de una planilla
books-import = Importar pagos
books-import-link = Importar pagos de una planilla (CSV)
books-import-intro = Guarde la planilla como CSV desde Excel. Columnas: la familia («Carnet», «N°», «Lote» o «Nombre»), «Monto», «Fecha» (dd/mm/aaaa; vacía: hoy) y, si quiere, «Nota». Si una fila tiene un error no se registra nada y se le dice cada fila que corregir. Cada pago se reparte como en la mesa de cobro y recibe su recibo numerado.
books-import-ok = { $count ->
    [one] Se registró un pago.
   *[other] Se registraron { $count } pagos.
}
books-import-receipts = Total { $total }; recibos { $first } a { $last }.
books-cli-imported = { $count ->
    [one] Se registró un pago
   *[other] Se registraron { $count } pagos
} por { $total }; recibos { $first } a { $last }.

ledger_document_too_large = El documento es demasiado grande: como máximo { $size }. Tome la foto con menos resolución o escanee el PDF en blanco y negro.
ledger_document_type = El documento debe ser una foto (JPEG o PNG) o un PDF de la factura o el recibo.
ledger_document_exists = El asiento { $entry } ya tiene su documento: los documentos no se reemplazan.
ledger_not_an_expense = El asiento { $entry } no es un gasto: solo los gastos llevan documento.
ledger_unknown_document = No hay un documento { $reference }.
audit-ledger-document = { $actor } adjuntó un documento al gasto { $entry } de { $body }: { $what }
books-document-link = Documento del gasto
books-documents = Documentos de los gastos
books-document-title = Documento del gasto
books-document-name = Archivo
books-document-type = Tipo
books-document-size = Tamaño
books-document-added = Adjuntado por
books-document-photo = Foto
books-document-pdf = PDF
books-document-download = Descargar el documento
books-document-file = Foto o PDF de la factura o el recibo
books-document-help = JPEG, PNG o PDF, como máximo { $size }. Una vez adjuntado no se cambia.
books-document-attach = Adjuntar el documento
books-document-none = Este gasto no tiene documento.
books-cli-attached = Documento { $name } adjuntado al gasto { $entry } (SHA-256 { $sha256 }).

books-present-title = Informe económico { $period } de { $body }
books-present-text = El secretario de hacienda presenta el informe económico del periodo { $period }: caja al inicio { $opening }; ingresos { $income }; gastos { $expenses }; caja al cierre { $closing }; { $families ->
    [one] una familia en mora
   *[other] { $families } familias en mora
} por { $arrears }. Se pone a consideración de la asamblea su aprobación.
books-cli-presented = Informe { $period } presentado como moción { $motion } en el punto { $item } del orden del día.
books-present-heading = Presentar a la asamblea
books-present-intro = El informe se presenta como moción en un punto del orden del día de una asamblea en sesión, con sus totales de hoy escritos en el texto: el acta registra que se presentó y si la asamblea lo aprobó o lo rechazó.
books-present-assembly = N° de la asamblea
books-present-item = Punto del orden del día
books-present = Presentar el informe
