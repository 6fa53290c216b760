using Personalization.Uplift.Internal;
using Personalization.Uplift.Learners;

namespace Personalization.Uplift;

/// <summary>
/// Class transformation and transformed-outcome uplift: one model per arm of a transformed target
/// whose (rescaled) conditional mean is the treatment effect.
/// </summary>
/// <remarks>
/// For arm a on the units of control and arm a, t = 1{T = a}. Class transformation: Z = y·t + (1 − y)(1 − t),
/// τ<sub>a</sub>(x) = 2·P(Z = 1 | x) − 1 (exact when P(t = 1) = 1/2). Transformed outcome:
/// Y* = y·(t − e)/(e(1 − e)), τ<sub>a</sub>(x) = E[Y* | x]. Stateless and thread-safe.
/// </remarks>
/// <param name="options">The hyperparameters; <see langword="null"/> uses the defaults.</param>
public sealed class ClassTransformation(ClassTransformationOptions? options = null) : IUpliftEstimator
{
    /// <summary>Gets the hyperparameters.</summary>
    public ClassTransformationOptions Options { get; } = options ?? new ClassTransformationOptions();

    /// <inheritdoc />
    IUpliftModel IEstimator<UpliftData, IUpliftModel>.Fit(UpliftData input, CancellationToken cancellationToken) => Fit(input, cancellationToken);

    /// <summary>Fits one model of the transformed target per arm.</summary>
    /// <param name="data">The training data.</param>
    /// <param name="cancellationToken">Cancels the fit.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException">Class transformation is asked for a non-binary outcome, the learner's kind does not match the variant, or the propensity learner is a regressor; or an arm (the control or a treatment) has fewer than 10 units, or a classifier meets an arm whose outcomes are all 0 or all 1.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The variant or a propensity option is out of range.</exception>
    public ClassTransformationModel Fit(UpliftData data, CancellationToken cancellationToken = default)
    {
        MetaLearnerSupport.CheckData(data);
        ClassTransformationOptions o = Options;
        o.Validate();
        bool binary = data.IsBinaryOutcome;
        bool classVariant = o.Variant == ClassTransformationVariant.ClassTransformation || (o.Variant == ClassTransformationVariant.Auto && binary);
        if (classVariant && !binary)
        {
            throw new ArgumentException("Class transformation needs a binary (0/1) outcome; use the TransformedOutcome variant for continuous outcomes.", nameof(data));
        }

        IBaseLearner learner = o.Learner ?? MetaLearnerSupport.DefaultOutcomeLearner(classVariant);
        if (classVariant)
        {
            MetaLearnerSupport.CheckClassifier(learner, "Learner");
            MetaLearnerSupport.CheckBothClasses(data);
        }
        else
        {
            MetaLearnerSupport.CheckRegressor(learner, "Learner");
        }

        IBaseLearner propensity = o.PropensityLearner ?? MetaLearnerSupport.DefaultPropensityLearner();
        MetaLearnerSupport.CheckClassifier(propensity, "PropensityLearner");
        ReadOnlySpan<int> t = data.Treatment;
        ReadOnlySpan<double> y = data.Outcome;
        var models = new IBaseModel[data.ArmCount];
        for (int a = 1; a <= data.ArmCount; a++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int[] pair = MetaLearnerSupport.ControlAndArm(data, a);
            FeatureMatrix<double> x = data.Features.SelectRows(pair);
            var target = new double[pair.Length];
            if (classVariant)
            {
                for (int i = 0; i < pair.Length; i++)
                {
                    int r = pair[i];
                    double treated = t[r] == a ? 1 : 0;
                    target[i] = (y[r] * treated) + ((1 - y[r]) * (1 - treated));
                }
            }
            else
            {
                IBaseModel? eModel = MetaLearnerSupport.FitPropensity(data, a, pair, x, o.Propensity, o.KnownPropensity, propensity, out double constant, cancellationToken);
                double[] e = MetaLearnerSupport.Propensity(eModel, constant, o.PropensityClip, x);
                for (int i = 0; i < pair.Length; i++)
                {
                    int r = pair[i];
                    double treated = t[r] == a ? 1 : 0;
                    target[i] = y[r] * (treated - e[i]) / (e[i] * (1 - e[i]));
                }
            }

            models[a - 1] = learner.Fit(x, target, cancellationToken);
        }

        return new ClassTransformationModel(o, data.Features.ColumnCount, data.ArmNames, models, classVariant);
    }
}
