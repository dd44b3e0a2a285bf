-- Issue 10: stimuli keep their colour, are fitted (crop/pad/contain) and rendered at a render
-- size. A stored experiment version keeps the renderer its design was rendered with, so its
-- later sessions and scoring jobs get the same stimulus bytes as its first: every version stored
-- before this migration renders as 'condition/1' (grey, at the display size); new versions
-- take the column's default, 'condition/2'.
ALTER TABLE experiment ADD COLUMN renderer text NOT NULL DEFAULT 'condition/2'
    CHECK (renderer IN ('condition/1', 'condition/2'));
UPDATE experiment SET renderer = 'condition/1';
