-- The people search in one round trip (docs/performance.md, change 13). Repeatable: re-applied
-- whenever this file changes (see db/README.md). The postings it reads: 0041_people_search_words.sql;
-- what a match is: search_word_matches (03_people.sql).
--
-- search_people(q, sort, after_key, after_id, take, nationality, occupation, max_merged) returns one page of the
-- listed people matching q, in the list order named by sort (name, -name, birthDate, -birthDate),
-- after the row (after_key, after_id) when they are given, filtered by nationality and occupation when
-- they are given. The caller orders the rows it selects from it and reads each one's key.
--
-- Every word of q must match a word of the person's name or native name. The longest word of q leads:
-- it expands to the words of names it matches (search_words, by its trigram index), and the people with
-- each of those come out of person_words already in list order, one index range a word, which the
-- statement merges as it reads them (Merge Append), testing the other words of q (on the words each
-- posting carries in the name order, search_people_words_match; on the person's postings in the others)
-- and stopping at a full page. A lead matching more than max_merged words (one or two letters;
-- PeopleStore.MaxMergedWords) matches so many people that walking the list and testing each is quicker.
--
-- The two statements that depend on the words searched are built as text with their words as literals
-- and run with EXECUTE, so PostgreSQL plans them for those words every time: a plan made once for any
-- words (a prepared statement's generic plan) scans every word instead of using the trigram index
-- (change 8). The call itself has a plan that does not depend on them, so it may be prepared.
CREATE OR REPLACE FUNCTION search_people(
    q text, sort text, after_key text, after_id bigint, take integer, nationality text, occupation text, max_merged integer)
    RETURNS SETOF people
    LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_words text[] := coalesce(search_words_of(q), '{}');
    v_lead text;
    v_lead_words text[];
    v_descending boolean := starts_with(sort, '-');
    -- The list's key of a person, and the column of person_words holding the same value (0041).
    v_key text := CASE sort
        WHEN 'name' THEN 'p.name' WHEN '-name' THEN 'p.name'
        WHEN 'birthDate' THEN 'coalesce(p.birth_date, ''infinity''::date)'
        WHEN '-birthDate' THEN 'coalesce(p.birth_date, ''-infinity''::date)' END;
    v_word_key text := CASE sort
        WHEN 'name' THEN 'pw.name' WHEN '-name' THEN 'pw.name'
        WHEN 'birthDate' THEN 'pw.birth_asc' WHEN '-birthDate' THEN 'pw.birth_desc' END;
    v_key_type text := CASE WHEN sort IN ('name', '-name') THEN 'text' ELSE 'date' END;
    v_direction text;
    v_after text := '';
    v_filters text := '';
    v_ranges text;
BEGIN
    IF v_key IS NULL THEN
        RAISE EXCEPTION 'search_people: unknown sort %', sort USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF cardinality(v_words) = 0 THEN
        RETURN;
    END IF;

    SELECT w INTO v_lead FROM unnest(v_words) AS w ORDER BY length(w) DESC, w COLLATE "C" LIMIT 1;
    -- Words are stored in the C collation, so a prefix is a range of the primary key; longer words also
    -- go through the trigram index, for substrings and misspellings (search_word_matches).
    EXECUTE CASE WHEN length(v_lead) >= 3
        THEN format('SELECT ARRAY(SELECT word FROM search_words WHERE word LIKE %L OR %L <<%% word LIMIT %s)', '%' || v_lead || '%', v_lead, max_merged + 1)
        ELSE format('SELECT ARRAY(SELECT word FROM search_words WHERE word LIKE %L LIMIT %s)', v_lead || '%', max_merged + 1) END
        INTO v_lead_words;
    IF cardinality(v_lead_words) = 0 THEN
        RETURN;
    END IF;

    v_direction := CASE WHEN v_descending THEN ' DESC' ELSE '' END;
    IF nationality IS NOT NULL THEN
        v_filters := v_filters || format(' AND p.nationality = %L', nationality);
    END IF;
    IF occupation IS NOT NULL THEN
        v_filters := v_filters || format(' AND p.occupations @> ARRAY[%L]::text[]', occupation);
    END IF;

    IF cardinality(v_lead_words) > max_merged THEN
        -- Walk the list in its order, testing every word of q on each person.
        IF after_id IS NOT NULL THEN
            v_after := format(' AND (%s, p.id) %s (%L::%s, %s)', v_key, CASE WHEN v_descending THEN '<' ELSE '>' END, after_key, v_key_type, after_id);
        END IF;
        RETURN QUERY EXECUTE format(
            'SELECT p.* FROM people p WHERE p.deleted_at IS NULL%s%s AND %s ORDER BY %s%s, p.id%s LIMIT %s',
            v_filters, v_after, search_people_has_every_word('p.id', v_words), v_key, v_direction, v_direction, take);
        RETURN;
    END IF;

    -- One ordered index range of person_words for each word the lead matches.
    IF after_id IS NOT NULL THEN
        v_after := format(' AND (%s, pw.person_id) %s (%L::%s, %s)', v_word_key, CASE WHEN v_descending THEN '<' ELSE '>' END, after_key, v_key_type, after_id);
    END IF;
    SELECT string_agg(format(
            '(SELECT pw.person_id, %s AS sort_value, pw.words FROM person_words pw WHERE pw.word = %L%s ORDER BY %s%s, pw.person_id%s)',
            v_word_key, lw, v_after, v_word_key, v_direction, v_direction),
        E'\nUNION ALL\n')
    INTO v_ranges
    FROM unnest(v_lead_words) AS lw;

    RETURN QUERY EXECUTE format(
        $sql$
        SELECT p.*
        FROM (
            SELECT DISTINCT ON (r.sort_value, r.person_id) r.person_id, r.sort_value
            FROM (%s) r
            WHERE %s
            ORDER BY r.sort_value%s, r.person_id%s) m
        JOIN people p ON p.id = m.person_id
        WHERE p.deleted_at IS NULL%s
        ORDER BY m.sort_value%s, m.person_id%s
        LIMIT %s
        $sql$,
        v_ranges,
        -- Only the name order's index carries the posting's words (0060); the birth-date orders would read
        -- them from the table, one random heap page a candidate, which costs more than the lookup.
        CASE WHEN v_key_type = 'text'
            THEN search_people_words_match('r.words', 'r.person_id', array_remove(v_words, v_lead))
            ELSE search_people_has_every_word('r.person_id', array_remove(v_words, v_lead)) END,
        v_direction, v_direction, v_filters, v_direction, v_direction, take);
END
$$;

-- The condition (as SQL text) that the person whose id is the expression person_id has a word
-- matching each of words; true when words is empty.
CREATE OR REPLACE FUNCTION search_people_has_every_word(person_id text, words text[]) RETURNS text
    LANGUAGE sql IMMUTABLE
    RETURN CASE WHEN cardinality(words) = 0 THEN 'true' ELSE format(
        'NOT EXISTS (SELECT 1 FROM unnest(%L::text[]) AS t(w) '
        'WHERE NOT EXISTS (SELECT 1 FROM person_words x WHERE x.person_id = %s AND search_word_matches(x.word, t.w)))',
        words, person_id) END;

-- The condition (as SQL text) that the words a posting carries (the expression words, " james walker ",
-- 0060) match each of query_words, by the rule of search_word_matches, for the person whose id is the
-- expression person_id; true when query_words is empty. A word shorter than three letters starts a word:
-- it follows a space. A longer one lies inside a word, since no word holds a space; or is like a word,
-- which the trigram similarity of the whole text can only overestimate (it may take two words for one),
-- so a person that passes it has each word tested on the postings as well, which few do. The similarity
-- is called as the function behind <<% (strict_word_similarity_op): the operator with a constant makes the
-- planner test it on the column's statistics (matchingsel), which cost 1.5 to 5 ms a plan, more than
-- the search itself.
CREATE OR REPLACE FUNCTION search_people_words_match(words text, person_id text, query_words text[]) RETURNS text
    LANGUAGE sql IMMUTABLE
    RETURN coalesce((
        SELECT string_agg(CASE WHEN length(w) >= 3
            THEN format('(strpos(%1$s, %2$L) > 0 OR (strict_word_similarity_op(%2$L, %1$s) AND EXISTS ('
                'SELECT 1 FROM person_words x WHERE x.person_id = %3$s AND strict_word_similarity_op(%2$L, x.word))))',
                words, w, person_id)
            ELSE format('strpos(%s, %L) > 0', words, ' ' || w) END, ' AND ')
        FROM unnest(query_words) AS w), 'true');
