-- Today's leaderboards read only standings still in force. A person's latest standing on a board has
-- no end (valid_to IS NULL), and most-flights keeps one standing per flight, so walking every standing
-- in rank order read about 28,000 superseded ones to find the top 10 at 600,000 crew rows (40 ms a
-- request; 236 requests/s under load). The standings in force get an index of their own; the few that
-- end after today (their holder's next flight is booked) are found by their end (LeaderboardStore).
CREATE INDEX standings_current ON standings (metric, boundary, rank_key, valid_from, person_id)
    INCLUDE (launch_mission_id, landing_mission_id, value)
    WHERE valid_to IS NULL;
CREATE INDEX standings_ending ON standings (metric, boundary, valid_to) WHERE valid_to IS NOT NULL;
