package io.profilesync.common;

/**
 * Makes a value safe to hand to people as a CSV cell: a spreadsheet runs a cell that starts with {@code =},
 * {@code +}, {@code -}, {@code @}, a tab or a carriage return as a formula, so such a cell gets a leading single
 * quote, which spreadsheets read as "text" (OWASP, "CSV Injection",
 * https://owasp.org/www-community/attacks/CSV_Injection; ASVS 5.0 requirement 1.2.10). A negative number such as
 * {@code -5} becomes the text {@code '-5}: the price of never running a formula.
 */
public final class SpreadsheetCells {

    private SpreadsheetCells() {
    }

    public static String neutralised(String cell) {
        if (cell == null || cell.isEmpty()) {
            return cell;
        }
        return switch (cell.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r' -> "'" + cell;
            default -> cell;
        };
    }
}
