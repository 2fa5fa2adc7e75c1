-- Settings an administrator changes from a console — channel configuration (bot tokens and app
-- secrets among them, hence sealed) and the listener's guard — when several instances share the
-- database: the newest value per key, numbered, so every instance applies what it has not seen,
-- also one that was stopped while they changed.
CREATE TABLE cluster_settings (
    id {{PK}},
    key TEXT NOT NULL UNIQUE,
    value_enc {{BLOB}} NOT NULL,
    version BIGINT NOT NULL
);
