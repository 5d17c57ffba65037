package io.profilesync.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** A neutralised cell never starts a formula, and only a cell that would have is changed (by a leading quote). */
class SpreadsheetCellsProperties {

    private static final String TRIGGERS = "=+-@\t\r";

    @Property(tries = 500)
    void aCellNeverStartsAFormulaAndOnlyTriggeringCellsChange(@ForAll("cells") String cell) {
        String neutralised = SpreadsheetCells.neutralised(cell);

        assertFalse(!neutralised.isEmpty() && TRIGGERS.indexOf(neutralised.charAt(0)) >= 0, neutralised);
        boolean triggers = !cell.isEmpty() && TRIGGERS.indexOf(cell.charAt(0)) >= 0;
        assertEquals(triggers ? "'" + cell : cell, neutralised);
    }

    @Provide
    Arbitrary<String> cells() {
        return Arbitraries.strings().withChars(TRIGGERS + "'abc 1,\"\n").ofMaxLength(12);
    }
}
