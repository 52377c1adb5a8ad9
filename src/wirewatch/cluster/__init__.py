"""Story grouping: article vectors, copy and rewrite detection, online story assignment."""
