package io.profilesync.splitting;

import java.util.List;
import java.util.Map;

/**
 * What reading one chunk of a file gave, before its run's reduce.
 *
 * @param rows data rows read
 * @param errors file-level problems met in this chunk (reading the chunk stopped at the first)
 * @param destinations per destination, the chunk's rows mapped and rejected
 */
public record ChunkResult(long rows, List<FileError> errors, Map<String, LaneCounts> destinations) {
}
