/**
 * The {@code @QuarkusTest} classes that share a test profile, run as JUnit suites. Quarkus builds and starts the
 * application once for consecutive classes of one profile, but only within one test run: failsafe's JVMs run each
 * class in a run of its own (quarkusio/quarkus#43979), so a class run on its own starts the application again. A suite
 * is one run: its classes share one start. The build runs these suites instead of their classes
 * (src/test/suite-members.txt; {@code docs.TestSelectionTest} keeps both in step with the classes' profiles);
 * {@code -Dit.test=SomeTest} still runs one class by itself.
 */
package io.profilesync.app;
