//! The shipped data sets in `data/` load with their known row, column and class counts.

use super::{CsvData, CsvOptions, load_csv, load_csv_with};

fn path(name: &str) -> String {
    format!("{}/data/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn class_counts(d: &CsvData) -> Vec<usize> {
    let mut counts = vec![0; d.classes.len()];
    for c in d.labels.as_ref().unwrap().to_vec::<i64>().unwrap() {
        counts[c as usize] += 1;
    }
    counts
}

#[test]
fn iris_has_150_rows_4_features_and_3_species_of_50() {
    let d = load_csv_with(path("iris.csv"), &CsvOptions::default().label("species")).unwrap();
    assert_eq!(d.features.shape(), &[150, 4]);
    assert_eq!(
        d.columns,
        ["sepal_length", "sepal_width", "petal_length", "petal_width"]
    );
    assert_eq!(d.classes, ["setosa", "versicolor", "virginica"]);
    assert_eq!(class_counts(&d), [50, 50, 50]);
    // First row: 5.1,3.5,1.4,0.2,setosa.
    assert_eq!(
        d.features.to_vec::<f32>().unwrap()[..4],
        [5.1, 3.5, 1.4, 0.2]
    );
    // Without the label column, species is rejected with its place.
    let e = load_csv(path("iris.csv"), true, b',')
        .unwrap_err()
        .to_string();
    assert!(
        e.ends_with(":2:5 (column \"species\"): cannot parse \"setosa\" as a number"),
        "{e}"
    );
}

#[test]
fn digits_has_1797_rows_64_pixels_and_10_labels() {
    let d = load_csv_with(path("digits.csv"), &CsvOptions::default().label("label")).unwrap();
    assert_eq!(d.features.shape(), &[1797, 64]);
    assert_eq!(d.columns[0], "pixel_0");
    assert_eq!(d.columns[63], "pixel_63");
    let classes: Vec<String> = (0..10).map(|i| i.to_string()).collect();
    assert_eq!(d.classes, classes);
    let counts = class_counts(&d);
    assert_eq!(counts.iter().sum::<usize>(), 1797);
    assert!(
        counts.iter().all(|&c| (170..=190).contains(&c)),
        "{counts:?}"
    );
    let px = d.features.to_vec::<f32>().unwrap();
    assert!(
        px.iter()
            .all(|&p| (0.0..=16.0).contains(&p) && p.fract() == 0.0)
    );
}

#[test]
fn wine_has_178_rows_13_features_and_classes_59_71_48() {
    let d = load_csv_with(path("wine.csv"), &CsvOptions::default().label("class")).unwrap();
    assert_eq!(d.features.shape(), &[178, 13]);
    assert_eq!(d.columns[0], "alcohol");
    assert_eq!(d.classes, ["0", "1", "2"]);
    assert_eq!(class_counts(&d), [59, 71, 48]);
    assert_eq!(
        d.features.to_vec::<f32>().unwrap()[..3],
        [14.23, 1.71, 2.43]
    );
}

#[test]
fn breast_cancer_has_569_rows_30_features_and_212_malignant() {
    let d = load_csv_with(
        path("breast_cancer.csv"),
        &CsvOptions::default().label("malignant"),
    )
    .unwrap();
    assert_eq!(d.features.shape(), &[569, 30]);
    assert_eq!(d.columns[0], "mean_radius");
    assert_eq!(d.columns[29], "worst_fractal_dimension");
    assert_eq!(d.classes, ["0", "1"]);
    // 357 benign (0), 212 malignant (1).
    assert_eq!(class_counts(&d), [357, 212]);
}
