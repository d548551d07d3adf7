# Revocatoria de dirigentes por las bases.

## Errores
unknown_recall = No existe la revocatoria { $id }.
recall_no_say = { $mover } no puede revocar el cargo { $office } de { $body }: solo puede hacerlo { $body } en su propia asamblea, o un sindicato de sus bases.
recall_office_ended = El cargo { $office } de { $body } que ocupaba { $holder } ya concluyó: no hay nada que revocar.
recall_already_counted = { $base } ya cuenta en la revocatoria de { $office } de { $body } (resolución { $resolution }): cada base cuenta una sola vez.
recall_window_closed = El plazo de la revocatoria de { $office } de { $body } venció el { $closed }: esta resolución ya no cuenta.
recall_no_share = El estatuto de { $body } no fija qué parte de sus bases revoca a un dirigente: fíjela en su estatuto (por ejemplo 1/3, un tercio) antes de revocar desde las bases.

## Campos
field-recall_rule = regla para revocar a un dirigente propio
field-recall_share = parte de las bases que revoca (por ejemplo 1/3)
field-recall_window = plazo de las bases (días)

## Historial
audit-recall-move = { $actor } presentó en { $body } la revocatoria «{ $what }»
audit-recall-open = Se abrió en { $body } la revocatoria por las bases de { $what } ({ $actor })
audit-recall-count = { $body } aprobó la revocatoria de { $what } ({ $actor })
audit-recall-recalled = { $body }: { $what } fue revocado ({ $actor })
audit-recall-failed = { $body }: la revocatoria de { $what } no alcanzó a sus bases en el plazo ({ $actor })

## Estatuto
recall-rule = Revocatoria en su asamblea
recall-share = Revocatoria por las bases
recall-no-share = No fijada: sus dirigentes no pueden ser revocados desde las bases
recall-share-words = { $num } de cada { $den } sindicatos de abajo, en { $days ->
    [one] { $days } día
   *[other] { $days } días
} desde la primera resolución
recall-statute-hint = Revocatoria: la regla con que su asamblea revoca a uno de sus dirigentes (dos tercios si no se fija); y, para un organismo con bases, qué parte de sus sindicatos debe aprobar la revocatoria (1/3, un tercio, 50 %; «ninguna» la quita) y en cuántos días.

## Páginas
recall-move = Presentar una revocatoria
recall-move-intro = La asamblea puede revocar a un dirigente de su propio organismo (con la regla de revocatoria del estatuto) o, si es un sindicato, aprobar la revocatoria de un dirigente de su central, federación o confederación: cuenta hacia la parte de las bases que fija el estatuto de ese organismo.
recall-no-offices = No hay cargos que esta asamblea pueda revocar.
recall-office = Cargo que se revoca
recall-own-office = de este organismo
recall-choice-opens = la primera resolución abre la revocatoria
recall-choice-under-way = revocatoria en curso hasta el { $closes }
recall-choice-counted = este sindicato ya aprobó la revocatoria en curso (hasta el { $closes })
recall-pick-office = Elija el cargo que se revoca.
recall-title-hint = Si deja el título o el texto vacíos, se escriben con el nombre del cargo.
recall-default-title = Revocatoria de { $office }
recall-default-text = La asamblea revoca el mandato de { $office }.
recall-office-line = { $holder }, { $office } de { $body }
recall-heading = Revocatoria de { $office }
recall-status-under_way = En curso
recall-status-recalled = Revocado
recall-status-failed = Fracasó
recall-count-line = { $adopted } de { $bases ->
    [one] { $bases } sindicato
   *[other] { $bases } sindicatos
} la aprobaron; hacen falta { $needed }
recall-window-line = del { $opened } al { $closes }
recall-adopted = Bases que la aprobaron
recall-opened = Abierta
recall-closes = Plazo hasta
recall-decided = Decidida
recall-not-yet = Todavía no
recall-resolutions = Resoluciones de las bases
recall-assembly = asamblea
recall-missing = Bases que no la aprobaron
recall-list = Revocatorias
recall-list-intro = Las revocatorias de los dirigentes de este organismo y las de los organismos de arriba en que este sindicato cuenta como base.
recall-none = No hay revocatorias.
recall-put-on-agenda = Ponerla en la orden del día de una asamblea
recall-under-way = Revocatorias en curso
recall-under-way-line = { $holder }, { $office } de { $body }: { $adopted } de { $needed ->
    [one] { $needed } resolución necesaria
   *[other] { $needed } resoluciones necesarias
}, hasta el { $closes }
recall-feed-title = Revocatoria de { $holder }, { $office } de { $body }: { $status }
recall-feed-text = { $adopted } de { $needed ->
    [one] { $needed } resolución necesaria
   *[other] { $needed } resoluciones necesarias
} de las bases; plazo hasta el { $closes }.

recall-motion-note = Revocatoria de { $holder }, { $office } de { $body }: se vota por la regla de revocatoria del estatuto ({ $rule }), cualquiera sea la regla elegida al abrir la votación.
recall-see = ver la revocatoria por las bases

## Command line
cli-statute-recall = Revocatoria: en su asamblea por { $rule }; por las bases, { $share } de sus sindicatos en { $days ->
    [one] { $days } día
   *[other] { $days } días
}.
cli-statute-recall-no-share = Revocatoria: en su asamblea por { $rule }; por las bases, no fijada (fíjela con --recall-share 1/3).
