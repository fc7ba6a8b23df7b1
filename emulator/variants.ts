// Variants of an image's experiment that `snn run` makes without editing the program:
// - held-out evaluation: the same experiment trained on all but the last n training rows and
//   tested on those n rows instead of the test rows, so settings can be chosen without looking
//   at the test set (docs/programs.md B);
// - another number of training epochs (`--epochs N`), so a longer or shorter run needs no
//   scratch copy of the program.
// Pure transformations of the experiment: the chip, its rules and the host steps are untouched;
// the image is renamed so that a checkpoint of a variant cannot resume another run or the
// reverse.
import type { ChipImage } from "../isa/image.ts";

/** Why an image cannot be varied so (the CLI reports it as a usage error). */
export class VariantError extends Error {
  override name = "VariantError";
}

/** Why an image cannot hold out rows. */
export class HoldoutError extends VariantError {
  override name = "HoldoutError";
}

export interface Holdout {
  image: ChipImage;
  /** The held-out rows, [first, end) in data-set row numbers, and the rows still trained on. */
  rows: [number, number];
  trainRows: [number, number];
  dataset: string;
}

/** `image` trained on its training rows minus the last `n`, tested on those `n`. */
export function withHoldout(image: ChipImage, n: number): Holdout {
  const p = image.experiment.presentation;
  if (!p)
    throw new HoldoutError("the experiment presents no data set, so it has no rows to hold out");
  const ds = image.experiment.datasets[p.dataset];
  if (!ds) throw new HoldoutError(`the presented data set ${p.dataset} is not in the image`);
  const [first, end] = ds.trainRows;
  const train = end - first;
  if (!Number.isInteger(n) || n < 1 || n >= train) {
    throw new HoldoutError(
      `cannot hold out ${n} of the ${train} training rows of data set '${ds.name}' (rows ${first}..${end - 1}); give 1..${train - 1}`,
    );
  }
  const rows: [number, number] = [end - n, end];
  const trainRows: [number, number] = [first, end - n];
  const datasets = image.experiment.datasets.map((d, i) =>
    i === p.dataset ? { ...d, trainRows, testRows: rows } : d,
  );
  return {
    image: {
      ...image,
      name: `${image.name} [held out: rows ${rows[0]}..${rows[1] - 1}]`,
      experiment: { ...image.experiment, datasets },
    },
    rows,
    trainRows,
    dataset: ds.name,
  };
}

/** `image` with its presentation repeated for `epochs` training epochs (0: the test pass only,
 *  on the initial weights), then its test pass as before. */
export function withEpochs(image: ChipImage, epochs: number): ChipImage {
  const p = image.experiment.presentation;
  if (!p)
    throw new VariantError(
      "the experiment presents no data set, so it has no epochs to change (use --steps)",
    );
  if (!Number.isSafeInteger(epochs) || epochs < 0)
    throw new VariantError(`epochs must be a whole number >= 0, got ${epochs}`);
  return {
    ...image,
    name: `${image.name} [epochs: ${epochs}]`,
    experiment: { ...image.experiment, presentation: { ...p, epochs } },
  };
}
