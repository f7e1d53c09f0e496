-- Resistance and recovery figures of a health assessment (issues #6, #8). Portable SQL: runs unchanged on PostgreSQL
-- and on H2. All nullable: older assessments, and ones whose evidence gave no figure, have none.

-- Pack DC resistance from current steps at 25 °C, milliohms, and its growth over the battery's first figure, percent.
ALTER TABLE health_assessment ADD COLUMN resistance_mohm DOUBLE PRECISION;
ALTER TABLE health_assessment ADD COLUMN resistance_growth_percent DOUBLE PRECISION;

-- Recoverable metals: cathode assumed, nameplate energy they scale with, kg of Li, Ni, Co, Mn and lithium carbonate
-- equivalent. Either all set or all null.
ALTER TABLE health_assessment ADD COLUMN recovery_cathode VARCHAR(32);
ALTER TABLE health_assessment ADD COLUMN recovery_energy_kwh DOUBLE PRECISION;
ALTER TABLE health_assessment ADD COLUMN recovery_li_kg DOUBLE PRECISION;
ALTER TABLE health_assessment ADD COLUMN recovery_ni_kg DOUBLE PRECISION;
ALTER TABLE health_assessment ADD COLUMN recovery_co_kg DOUBLE PRECISION;
ALTER TABLE health_assessment ADD COLUMN recovery_mn_kg DOUBLE PRECISION;
ALTER TABLE health_assessment ADD COLUMN recovery_lce_kg DOUBLE PRECISION;
