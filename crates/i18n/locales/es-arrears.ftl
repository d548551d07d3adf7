# The arrears of every family below a body, summed per body (issue 15, item 8).
arrears-title = Deudas de las familias bajo { $body }
arrears-intro = Por cada organización: cuántas familias deben cuotas, aportes o multas vencidos hasta el día indicado, y cuánto. Sin nombres: la deuda de cada familia la ven los dirigentes de su sindicato y la propia familia.
arrears-day = Día
arrears-show = Ver
arrears-body = Organización
arrears-families = Familias que deben
arrears-families-count = { $count ->
    [one] { $count } familia
   *[other] { $count } familias
}
arrears-owed = Deben
arrears-own = { $body } (sus propias familias)
arrears-group-total = Total de { $body }
arrears-total = Total bajo { $body }
arrears-summary = { $count ->
    [one] Al { $day }, { $count } familia bajo { $body } debe { $amount } vencidos.
   *[other] Al { $day }, { $count } familias bajo { $body } deben { $amount } vencidos.
}
arrears-csv = Descargar CSV
arrears-link = Deudas de las familias por organización
arrears-csv-depth = Nivel
arrears-csv-own-families = Familias propias que deben
arrears-csv-own-owed = Deben (propias)
arrears-csv-families = Familias que deben (con las de abajo)
arrears-csv-owed = Deben (con las de abajo)
arrears-cli-row = { $indent }{ $body }: { $count ->
    [one] { $count } familia debe
   *[other] { $count } familias deben
} { $owed }
arrears-cli-total = Al { $day }: { $count ->
    [one] { $count } familia debe
   *[other] { $count } familias deben
} { $owed } en total
arrears-cli-check-ok = Los totales de deudas guardados coinciden con los movimientos del libro.
arrears-cli-drift-owed = Organización { $body }, cargos con vencimiento el { $day }: guardado { $stored }, según el libro { $live }
arrears-cli-drift-oldest = Organización { $body }, familia { $family }: cargo impago más antiguo guardado { $stored }, según el libro { $live }
arrears-cli-check-failed = { $count ->
    [one] { $count } diferencia entre los totales de deudas guardados y el libro
   *[other] { $count } diferencias entre los totales de deudas guardados y el libro
}
