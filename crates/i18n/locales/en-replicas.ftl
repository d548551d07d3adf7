# Read replicas of PostgreSQL (cabildo serve --replica).
cli-replica-needs-postgres = read replicas (--replica) need a PostgreSQL database in --db
cli-bad-replica-max-lag = "{ $value }" is not a valid lag: write the seconds, more than zero (for example 5 or 0.5)
cli-serving-replicas = { $count ->
    [one] Reads shared with { $count } replica (left out when it lags more than { $lag } s)
   *[other] Reads shared among { $count } replicas (one is left out when it lags more than { $lag } s)
}
