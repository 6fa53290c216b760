using Personalization.Uplift.Learners;

namespace Personalization.Uplift.Internal;

/// <summary>Helpers shared by the meta-learners.</summary>
internal static class MetaLearnerSupport
{
    /// <summary>The default outcome learner: gradient boosting, logistic for binary outcomes.</summary>
    public static IBaseLearner DefaultOutcomeLearner(bool binary) => new GradientBoosting(new GradientBoostingOptions
    {
        Objective = binary ? GradientBoostingObjective.Logistic : GradientBoostingObjective.SquaredError,
    });

    /// <summary>The default effect (second-stage) learner: gradient boosting with squared error.</summary>
    public static IBaseLearner DefaultEffectLearner() => new GradientBoosting();

    /// <summary>The default propensity learner: L2 logistic regression.</summary>
    public static IBaseLearner DefaultPropensityLearner() => new LogisticRegression();

    /// <summary>
    /// Resolves the three learners of a two-stage meta-learner (the defaults where <see langword="null"/>) and checks them:
    /// the outcome learner against the data, the effect learner is a regressor, the propensity learner a classifier.
    /// </summary>
    public static (IBaseLearner Outcome, TEffect Effect, IBaseLearner Propensity) ResolveLearners<TEffect>(UpliftData data, IBaseLearner? outcomeLearner, TEffect? effectLearner, Func<TEffect> defaultEffectLearner, IBaseLearner? propensityLearner)
        where TEffect : class, IBaseLearner
    {
        IBaseLearner outcome = outcomeLearner ?? DefaultOutcomeLearner(data.IsBinaryOutcome);
        TEffect effect = effectLearner ?? defaultEffectLearner();
        IBaseLearner propensity = propensityLearner ?? DefaultPropensityLearner();
        CheckOutcomeLearner(outcome, data, "OutcomeLearner");
        CheckRegressor(effect, "EffectLearner");
        CheckClassifier(propensity, "PropensityLearner");
        return (outcome, effect, propensity);
    }

    /// <summary>
    /// The fewest units an arm (the control and every treatment) may have. Below it a per-arm outcome model
    /// is fitted on a handful of rows and returns an effect that is noise or a constant.
    /// </summary>
    public const int MinimumArmSize = 10;

    /// <summary>Throws unless every arm, control included, has at least <see cref="MinimumArmSize"/> units.</summary>
    public static void CheckData(UpliftData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        for (int a = 0; a <= data.ArmCount; a++)
        {
            if (data.ArmSizes[a] < MinimumArmSize)
            {
                throw new ArgumentException($"Arm {a} ('{data.ArmNames[a]}', {(a == 0 ? "control" : "treatment")}) has {data.ArmSizes[a]} units but uplift learners need at least {MinimumArmSize} units in the control and in every treatment arm; add rows or merge arms.", nameof(data));
            }
        }
    }

    /// <summary>Throws when a classifier is asked to fit a non-binary outcome, or an arm lacks one of the outcome classes.</summary>
    public static void CheckOutcomeLearner(IBaseLearner learner, UpliftData data, string optionName)
    {
        if (learner.IsClassifier && !data.IsBinaryOutcome)
        {
            throw new ArgumentException($"{optionName} is a classifier but the outcome is not binary (0/1); use a regressor such as RidgeRegression or GradientBoosting with SquaredError.", nameof(data));
        }

        if (learner.IsClassifier)
        {
            CheckBothClasses(data);
        }
    }

    /// <summary>Throws unless every arm holds both outcome classes (0 and 1); a classifier cannot learn a probability from one class.</summary>
    public static void CheckBothClasses(UpliftData data)
    {
        var ones = new int[data.ArmCount + 1];
        ReadOnlySpan<int> t = data.Treatment;
        ReadOnlySpan<double> y = data.Outcome;
        for (int i = 0; i < t.Length; i++)
        {
            ones[t[i]] += y[i] == 1 ? 1 : 0;
        }

        for (int a = 0; a <= data.ArmCount; a++)
        {
            if (ones[a] == 0 || ones[a] == data.ArmSizes[a])
            {
                throw new ArgumentException($"Arm {a} ('{data.ArmNames[a]}', {(a == 0 ? "control" : "treatment")}) has only outcome {(ones[a] == 0 ? 0 : 1)} in its {data.ArmSizes[a]} units; a classifier needs both outcome classes (0 and 1) in every arm. Add rows or use a regressor.", nameof(data));
            }
        }
    }

    public static void CheckRegressor(IBaseLearner learner, string optionName)
    {
        if (learner.IsClassifier)
        {
            throw new ArgumentException($"{optionName} must be a regressor (it fits continuous pseudo-outcomes), but a classifier was given.", optionName);
        }
    }

    public static void CheckClassifier(IBaseLearner learner, string optionName)
    {
        if (!learner.IsClassifier)
        {
            throw new ArgumentException($"{optionName} must be a classifier (it predicts a probability), but a regressor was given.", optionName);
        }
    }

    public static void CheckPropensity(PropensityMode mode, double? known, double clip)
    {
        if (mode is not (PropensityMode.Constant or PropensityMode.Estimated))
        {
            throw new ArgumentOutOfRangeException("Propensity", mode, "Propensity must be Constant or Estimated.");
        }

        if (known is double k)
        {
            Validation.Guard.OpenUnitInterval(k, "KnownPropensity");
        }

        if (double.IsNaN(clip) || clip <= 0 || clip >= 0.5)
        {
            throw new ArgumentOutOfRangeException("PropensityClip", clip, $"PropensityClip must be in (0, 0.5), but was {clip}.");
        }
    }

    /// <summary>Row indices of each arm 0..m.</summary>
    public static int[][] RowsByArm(UpliftData data)
    {
        ReadOnlySpan<int> t = data.Treatment;
        var result = new int[data.ArmCount + 1][];
        var fill = new int[data.ArmCount + 1];
        for (int a = 0; a <= data.ArmCount; a++)
        {
            result[a] = new int[data.ArmSizes[a]];
        }

        for (int i = 0; i < t.Length; i++)
        {
            result[t[i]][fill[t[i]]++] = i;
        }

        return result;
    }

    /// <summary>Rows of control and arm a in row order.</summary>
    public static int[] ControlAndArm(UpliftData data, int arm)
    {
        ReadOnlySpan<int> t = data.Treatment;
        var rows = new int[data.ArmSizes[0] + data.ArmSizes[arm]];
        int k = 0;
        for (int i = 0; i < t.Length; i++)
        {
            if (t[i] == 0 || t[i] == arm)
            {
                rows[k++] = i;
            }
        }

        return rows;
    }

    public static double[] Gather(ReadOnlySpan<double> values, ReadOnlySpan<int> rows)
    {
        var result = new double[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            result[i] = values[rows[i]];
        }

        return result;
    }

    public static double[] Predict(IBaseModel model, FeatureMatrix<double> x)
    {
        var result = new double[x.RowCount];
        model.Predict(x, result);
        return result;
    }

    public static void CheckPredict(FeatureMatrix<double> features, int featureCount, int armCount, int destinationLength)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.ColumnCount != featureCount)
        {
            throw new ArgumentException($"features has {features.ColumnCount} columns but the model was fitted on {featureCount}; pass the same columns as in training.", nameof(features));
        }

        if (destinationLength < (long)features.RowCount * armCount)
        {
            throw new ArgumentException($"effects has length {destinationLength} but {features.RowCount} rows x {armCount} arms need {(long)features.RowCount * armCount}.", "effects");
        }

        features.ThrowIfNotFinite(nameof(features));
    }

    /// <summary>Fits the propensity of arm vs control on their rows; returns the model, or null with the constant set.</summary>
    public static IBaseModel? FitPropensity(UpliftData data, int arm, int[] rows, FeatureMatrix<double> x, PropensityMode mode, double? known, IBaseLearner learner, out double constant, CancellationToken cancellationToken)
    {
        ReadOnlySpan<int> t = data.Treatment;
        constant = known ?? ((double)data.ArmSizes[arm] / (data.ArmSizes[0] + data.ArmSizes[arm]));
        if (mode == PropensityMode.Constant)
        {
            return null;
        }

        var label = new double[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            label[i] = t[rows[i]] == arm ? 1 : 0;
        }

        return learner.Fit(x, label, cancellationToken);
    }

    /// <summary>The lower end of the overlap band: a propensity below it (or above 1 − it) counts as poor overlap.</summary>
    public const double OverlapBound = 0.05;

    /// <summary>The share of propensities (before clipping) outside [<see cref="OverlapBound"/>, 1 − <see cref="OverlapBound"/>].</summary>
    public static double PoorOverlapShare(ReadOnlySpan<double> propensity)
    {
        int outside = 0;
        foreach (double e in propensity)
        {
            outside += e < OverlapBound || e > 1 - OverlapBound ? 1 : 0;
        }

        return propensity.IsEmpty ? 0 : (double)outside / propensity.Length;
    }

    /// <summary>Propensity per row: the model's clipped prediction or the constant.</summary>
    public static double[] Propensity(IBaseModel? model, double constant, double clip, FeatureMatrix<double> x)
    {
        var e = new double[x.RowCount];
        if (model is null)
        {
            Array.Fill(e, constant);
            return e;
        }

        model.Predict(x, e);
        for (int i = 0; i < e.Length; i++)
        {
            e[i] = Math.Clamp(e[i], clip, 1 - clip);
        }

        return e;
    }
}
