-- SKR's municipality group (kommungrupp, e.g. "B3" or a group's name), for reference groups that filter on it.
-- NULL when not known: such a municipality is in no group that filters on the municipality group.
ALTER TABLE municipalities ADD COLUMN municipality_group TEXT COLLATE "C";
