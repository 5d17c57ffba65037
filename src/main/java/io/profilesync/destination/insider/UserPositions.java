package io.profilesync.destination.insider;

import io.profilesync.common.Columns;
import io.profilesync.mapping.Fields;

/**
 * Where a file's columns hold what an Insider user is made of: worked out once per file, so that each row's
 * values are array reads.
 *
 * @param identifiers per {@link InsiderOptions#identifiers()} entry, in its order, the field's position
 * @param customIdentifiers per {@link InsiderOptions#customIdentifiers()} entry, in its order, the field's position
 * @param insiderId the position of the insider_id field
 * @param textAttributes per {@link AttributeFields#textFields()} field, its position
 * @param optIns per {@link Fields#OPT_INS} field, its position
 * @param custom per column, whether it is a custom attribute (neither an identifier nor a standard attribute)
 */
record UserPositions(int[] identifiers, int[] customIdentifiers, int insiderId, int[] textAttributes, int age,
        int birthday, int[] optIns, boolean[] custom) {

    static UserPositions of(Columns columns, InsiderOptions options, AttributeFields fields) {
        boolean[] custom = new boolean[columns.size()];
        for (int i = 0; i < custom.length; i++) {
            custom[i] = !fields.consumed().contains(columns.name(i));
        }
        return new UserPositions(positions(columns, options.identifiers().values().toArray(String[]::new)),
                positions(columns, options.customIdentifiers().values().toArray(String[]::new)),
                columns.indexOf(options.insiderId()), positions(columns, fields.textFields()),
                columns.indexOf(Fields.AGE), columns.indexOf(Fields.BIRTHDAY),
                positions(columns, Fields.OPT_INS.toArray(String[]::new)), custom);
    }

    private static int[] positions(Columns columns, String[] fields) {
        int[] positions = new int[fields.length];
        for (int i = 0; i < fields.length; i++) {
            positions[i] = columns.indexOf(fields[i]);
        }
        return positions;
    }
}
