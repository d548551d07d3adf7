-- Public ids: a UUIDv7 per record that other instances refer to, beside the local integer key.
-- The columns are added empty, filled in Rust (PostgreSQL 15 cannot make a UUIDv7, SQLite no
-- UUID at all), then made NOT NULL and UNIQUE; all in the migration's one transaction.

ALTER TABLE bodies ADD COLUMN public_id uuid;
ALTER TABLE persons ADD COLUMN public_id uuid;
ALTER TABLE households ADD COLUMN public_id uuid;
ALTER TABLE parcels ADD COLUMN public_id uuid;
ALTER TABLE offices ADD COLUMN public_id uuid;
ALTER TABLE assemblies ADD COLUMN public_id uuid;
ALTER TABLE motions ADD COLUMN public_id uuid;
ALTER TABLE resolutions ADD COLUMN public_id uuid;
ALTER TABLE actas ADD COLUMN public_id uuid;

-- [rust step] every row gets its id here.

ALTER TABLE bodies ALTER COLUMN public_id SET NOT NULL, ADD CONSTRAINT bodies_public_id_key UNIQUE (public_id);
ALTER TABLE persons ALTER COLUMN public_id SET NOT NULL, ADD CONSTRAINT persons_public_id_key UNIQUE (public_id);
ALTER TABLE households ALTER COLUMN public_id SET NOT NULL,
    ADD CONSTRAINT households_public_id_key UNIQUE (public_id);
ALTER TABLE parcels ALTER COLUMN public_id SET NOT NULL, ADD CONSTRAINT parcels_public_id_key UNIQUE (public_id);
ALTER TABLE offices ALTER COLUMN public_id SET NOT NULL, ADD CONSTRAINT offices_public_id_key UNIQUE (public_id);
ALTER TABLE assemblies ALTER COLUMN public_id SET NOT NULL,
    ADD CONSTRAINT assemblies_public_id_key UNIQUE (public_id);
ALTER TABLE motions ALTER COLUMN public_id SET NOT NULL, ADD CONSTRAINT motions_public_id_key UNIQUE (public_id);
ALTER TABLE resolutions ALTER COLUMN public_id SET NOT NULL,
    ADD CONSTRAINT resolutions_public_id_key UNIQUE (public_id);
ALTER TABLE actas ALTER COLUMN public_id SET NOT NULL, ADD CONSTRAINT actas_public_id_key UNIQUE (public_id);
