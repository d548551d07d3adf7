# Read replicas of PostgreSQL (cabildo serve --replica).
cli-replica-needs-postgres = las réplicas de lectura (--replica) necesitan una base PostgreSQL en --db
cli-bad-replica-max-lag = «{ $value }» no es un retraso válido: escriba los segundos, mayor que cero (por ejemplo 5 o 0.5)
cli-serving-replicas = { $count ->
    [one] Lecturas repartidas con { $count } réplica (se deja de lado si se atrasa más de { $lag } s)
   *[other] Lecturas repartidas entre { $count } réplicas (se deja de lado la que se atrase más de { $lag } s)
}
