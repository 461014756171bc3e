"""The accessibility statement and its feedback channel (Laki digitaalisten palvelujen tarjoamisesta 306/2019).
Anyone may send feedback without an account; the sender gets an automatic receipt; staff see what is still unanswered
against the two-week deadline and mark it answered."""
