-- Customer-name search ("rah" finds "Siti Rahayu"'s conversations) without scanning every
-- conversation: prefix lookups on contact and profile names go through these indexes.
-- @sqlite
-- SQLite's LIKE is case-insensitive for ASCII and uses an index only when it is NOCASE.
CREATE INDEX contacts_name_nocase ON contacts (display_name COLLATE NOCASE);
CREATE INDEX identities_name_nocase ON contact_identities (display_name COLLATE NOCASE);
-- @end
-- @postgres
CREATE INDEX contacts_name_lower ON contacts (lower(display_name) text_pattern_ops);
CREATE INDEX identities_name_lower ON contact_identities (lower(display_name) text_pattern_ops);
-- @end
