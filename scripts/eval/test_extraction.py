"""Unit tests of scripts/eval/extraction.py's comparison and counting (run by `make test`)."""

import unittest

from extraction import Tally, place, words


class ExtractionScoringTests(unittest.TestCase):
    def test_names_meet_across_spelling(self):
        self.assertEqual(words("Month-End Close"), words("month end close"))
        self.assertEqual(words("Tax Provisions"), words("tax provision"))
        self.assertEqual(words("C#"), "c#")

    def test_places_meet_across_spelling(self):
        self.assertEqual(place("Sacramento, California 95814"), place("Sacramento, CA"))
        self.assertIsNone(place("USA"))

    def test_alternatives_count_once(self):
        tally = Tally()
        tally.add_lists(["Microsoft Excel", "VLOOKUP", "Python"], ["Excel|Microsoft Excel|VLOOKUP", "SQL"])
        # Three predicted, two match a label; two labels, one matched.
        self.assertEqual(tally.figures(), (2 / 3, 1 / 2))

    def test_values(self):
        tally = Tally()
        tally.add_value(5.0, 5.2, True)
        tally.add_value(None, 3.0, False)
        tally.add_value(2.0, None, False)
        self.assertEqual(tally.figures(), (1 / 2, 1 / 2))


if __name__ == "__main__":
    unittest.main()
