;; The taught head's gradient-orientation histograms in WebAssembly, SIMD for the padding and the blur: the steps
;; features.ts describes, in f32. Build: npm run build:wasm (scripts/build-wasm.ts writes
;; histograms-wasm.ts from this file).
;;
;; Memory (set up by the caller; byte offsets, rows of floats):
;;   $frame the grey frame, $w x $h bytes when $bytes is 1, else floats; 16 spare bytes after
;;   $src   the frame with its edge pixels repeated twice on every side: ($w + 4) x ($h + 4), 16 spare bytes after
;;   $hb    the horizontal 5-tap binomial of every padded row: ($h + 4) rows of $ws floats ($ws >= $w, a multiple of 4)
;;   $vb    the vertical 5-tap binomial of every second row: ceil($h / 2) rows of $ws floats; the half-resolution
;;          image is its even columns
;;   $out   $rows x $cols cells of $bins floats, summed into (the caller zeroes it)
(module
  (memory (export "memory") 1)

  (func (export "histograms")
    (param $frame i32) (param $bytes i32) (param $src i32) (param $w i32) (param $h i32) (param $hb i32) (param $vb i32) (param $ws i32)
    (param $out i32) (param $rows i32) (param $cols i32) (param $bins i32)
    (local $pw i32) (local $y i32) (local $x i32) (local $p i32) (local $q i32) (local $sw i32) (local $sh i32)
    (local $rb i32) (local $rowCell i32) (local $colCell i32) (local $cell i32) (local $b0 i32) (local $b1 i32) (local $flip i32)
    (local $gx f32) (local $gy f32) (local $ax f32) (local $t f32) (local $a f32) (local $f f32) (local $w1 f32) (local $mag f32)
    (local $perRad f32)
    (local.set $pw (i32.add (local.get $w) (i32.const 4)))
    (local.set $perRad (f32.div (f32.convert_i32_u (local.get $bins)) (f32.const 3.141592653589793)))
    (local.set $rb (i32.shl (local.get $ws) (i32.const 2)))
    ;; Padding: padded row y is frame row clamp(y - 2, 0, h - 1) (bytes made floats) with its first and last pixels
    ;; repeated twice. Rows are copied four pixels at a time; what runs past a row's end is overwritten by the next row.
    (local.set $y (i32.const 0))
    (loop $eachRow
      ;; p: the frame row's first pixel, as a pixel index until scaled to bytes
      (local.set $p (i32.mul (local.get $w)
        (select (i32.const 0) (select (i32.sub (local.get $h) (i32.const 1)) (i32.sub (local.get $y) (i32.const 2))
          (i32.ge_s (local.get $y) (i32.add (local.get $h) (i32.const 2)))) (i32.lt_s (local.get $y) (i32.const 2)))))
      (local.set $p (i32.add (local.get $frame) (select (local.get $p) (i32.shl (local.get $p) (i32.const 2)) (local.get $bytes))))
      (local.set $q (i32.add (local.get $src) (i32.shl (i32.mul (local.get $y) (local.get $pw)) (i32.const 2))))
      (local.set $x (i32.const 0))
      (loop $eachFour
        (v128.store offset=8 (i32.add (local.get $q) (i32.shl (local.get $x) (i32.const 2)))
          (if (result v128) (local.get $bytes)
            (then (f32x4.convert_i32x4_u (i32x4.extend_low_i16x8_u (i16x8.extend_low_i8x16_u
              (v128.load32_zero (i32.add (local.get $p) (local.get $x)))))))
            (else (v128.load (i32.add (local.get $p) (i32.shl (local.get $x) (i32.const 2)))))))
        (local.set $x (i32.add (local.get $x) (i32.const 4)))
        (br_if $eachFour (i32.lt_u (local.get $x) (local.get $w))))
      (f32.store (local.get $q) (f32.load offset=8 (local.get $q)))
      (f32.store offset=4 (local.get $q) (f32.load offset=8 (local.get $q)))
      (local.set $p (i32.add (local.get $q) (i32.shl (local.get $w) (i32.const 2))))
      (f32.store offset=8 (local.get $p) (f32.load offset=4 (local.get $p)))
      (f32.store offset=12 (local.get $p) (f32.load offset=4 (local.get $p)))
      (local.set $y (i32.add (local.get $y) (i32.const 1)))
      (br_if $eachRow (i32.lt_u (local.get $y) (i32.add (local.get $h) (i32.const 4)))))
    ;; Horizontal pass, four columns at a time: hb[y][x] = (p[x] + 4 p[x+1] + 6 p[x+2] + 4 p[x+3] + p[x+4]) / 16.
    (local.set $y (i32.const 0))
    (loop $eachRow
      (local.set $p (i32.add (local.get $src) (i32.shl (i32.mul (local.get $y) (local.get $pw)) (i32.const 2))))
      (local.set $q (i32.add (local.get $hb) (i32.mul (local.get $y) (local.get $rb))))
      (local.set $x (i32.const 0))
      (loop $eachFour
        (v128.store (local.get $q)
          (f32x4.mul (v128.const f32x4 0.0625 0.0625 0.0625 0.0625)
            (f32x4.add
              (f32x4.add (v128.load (local.get $p)) (v128.load offset=16 (local.get $p)))
              (f32x4.add
                (f32x4.mul (v128.const f32x4 4 4 4 4) (f32x4.add (v128.load offset=4 (local.get $p)) (v128.load offset=12 (local.get $p))))
                (f32x4.mul (v128.const f32x4 6 6 6 6) (v128.load offset=8 (local.get $p)))))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (local.set $q (i32.add (local.get $q) (i32.const 16)))
        (local.set $x (i32.add (local.get $x) (i32.const 4)))
        (br_if $eachFour (i32.lt_u (local.get $x) (local.get $w))))
      (local.set $y (i32.add (local.get $y) (i32.const 1)))
      (br_if $eachRow (i32.lt_u (local.get $y) (i32.add (local.get $h) (i32.const 4)))))
    ;; Vertical pass on every second row, four columns at a time.
    (local.set $sw (i32.shr_u (i32.add (local.get $w) (i32.const 1)) (i32.const 1)))
    (local.set $sh (i32.shr_u (i32.add (local.get $h) (i32.const 1)) (i32.const 1)))
    (local.set $y (i32.const 0))
    (loop $eachOutRow
      (local.set $p (i32.add (local.get $hb) (i32.mul (i32.shl (local.get $y) (i32.const 1)) (local.get $rb))))
      (local.set $q (i32.add (local.get $vb) (i32.mul (local.get $y) (local.get $rb))))
      (local.set $x (i32.const 0))
      (loop $eachFour
        (v128.store (local.get $q)
          (f32x4.mul (v128.const f32x4 0.0625 0.0625 0.0625 0.0625)
            (f32x4.add
              (f32x4.add (v128.load (local.get $p)) (v128.load (i32.add (local.get $p) (i32.shl (local.get $rb) (i32.const 2)))))
              (f32x4.add
                (f32x4.mul (v128.const f32x4 4 4 4 4)
                  (f32x4.add (v128.load (i32.add (local.get $p) (local.get $rb)))
                             (v128.load (i32.add (local.get $p) (i32.mul (local.get $rb) (i32.const 3))))))
                (f32x4.mul (v128.const f32x4 6 6 6 6) (v128.load (i32.add (local.get $p) (i32.shl (local.get $rb) (i32.const 1)))))))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (local.set $q (i32.add (local.get $q) (i32.const 16)))
        (local.set $x (i32.add (local.get $x) (i32.const 4)))
        (br_if $eachFour (i32.lt_u (local.get $x) (local.get $w))))
      (local.set $y (i32.add (local.get $y) (i32.const 1)))
      (br_if $eachOutRow (i32.lt_u (local.get $y) (local.get $sh))))
    ;; Central differences on the half-resolution image (vb's even columns), each pixel's magnitude split between
    ;; its two nearest unsigned orientation bins, summed per cell.
    (local.set $y (i32.const 1))
    (block $rowsDone
      (loop $eachY
        (br_if $rowsDone (i32.ge_s (local.get $y) (i32.sub (local.get $sh) (i32.const 1))))
        (local.set $rowCell (i32.mul (i32.div_u (i32.mul (local.get $y) (local.get $rows)) (local.get $sh)) (local.get $cols)))
        (local.set $x (i32.const 1))
        (local.set $colCell (i32.div_u (local.get $cols) (local.get $sw)))
        (block $colsDone
          (loop $eachX
            (br_if $colsDone (i32.ge_s (local.get $x) (i32.sub (local.get $sw) (i32.const 1))))
            ;; colCell = floor(x cols / sw), stepped rather than divided
            (block $stepped
              (loop $step
                (br_if $stepped (i32.lt_u (i32.mul (local.get $x) (local.get $cols)) (i32.mul (i32.add (local.get $colCell) (i32.const 1)) (local.get $sw))))
                (local.set $colCell (i32.add (local.get $colCell) (i32.const 1)))
                (br $step)))
            ;; p: byte offset of the pixel (row y, column 2x) in vb
            (local.set $p (i32.add (i32.add (local.get $vb) (i32.mul (local.get $y) (local.get $rb))) (i32.shl (local.get $x) (i32.const 3))))
            (local.set $gx (f32.sub (f32.load offset=8 (local.get $p)) (f32.load (i32.sub (local.get $p) (i32.const 8)))))
            (local.set $gy (f32.sub (f32.load (i32.add (local.get $p) (local.get $rb))) (f32.load (i32.sub (local.get $p) (local.get $rb)))))
            (if (i32.eqz (i32.and (f32.eq (local.get $gx) (f32.const 0)) (f32.eq (local.get $gy) (f32.const 0))))
              (then
                ;; Unsigned orientation: fold into the upper half-plane.
                (local.set $flip (i32.or (f32.lt (local.get $gy) (f32.const 0))
                  (i32.and (f32.eq (local.get $gy) (f32.const 0)) (f32.lt (local.get $gx) (f32.const 0)))))
                (local.set $gx (select (f32.neg (local.get $gx)) (local.get $gx) (local.get $flip)))
                (local.set $gy (select (f32.neg (local.get $gy)) (local.get $gy) (local.get $flip)))
;; The angle in [0, pi]: the arctangent of the smaller over the larger of |gx| and gy (atan(t) on [0, 1]
                ;; within 0.004 rad as t (pi/4 + 0.273 (1 - t))), reflected by selects rather than branches (speckle's
                ;; gradients point every way), in bins.
                (local.set $ax (f32.abs (local.get $gx)))
                (local.set $t (f32.div (f32.min (local.get $ax) (local.get $gy)) (f32.max (local.get $ax) (local.get $gy))))
                (local.set $a (f32.mul (local.get $t)
                  (f32.add (f32.const 0.7853981633974483) (f32.mul (f32.const 0.273) (f32.sub (f32.const 1) (local.get $t))))))
                (local.set $a (select (f32.sub (f32.const 1.5707963267948966) (local.get $a)) (local.get $a) (f32.gt (local.get $gy) (local.get $ax))))
                (local.set $a (f32.mul (local.get $perRad)
                  (select (f32.sub (f32.const 3.141592653589793) (local.get $a)) (local.get $a) (f32.lt (local.get $gx) (f32.const 0)))))
                (local.set $f (f32.floor (local.get $a)))
                (local.set $w1 (f32.sub (local.get $a) (local.get $f)))
                (local.set $b0 (i32.trunc_f32_u (local.get $f)))
                (if (i32.ge_u (local.get $b0) (local.get $bins)) (then (local.set $b0 (i32.sub (local.get $b0) (local.get $bins)))))
                (local.set $b1 (i32.add (local.get $b0) (i32.const 1)))
                (if (i32.eq (local.get $b1) (local.get $bins)) (then (local.set $b1 (i32.const 0))))
                (local.set $mag (f32.sqrt (f32.add (f32.mul (local.get $gx) (local.get $gx)) (f32.mul (local.get $gy) (local.get $gy)))))
                (local.set $cell (i32.add (local.get $out)
                  (i32.shl (i32.mul (i32.add (local.get $rowCell) (local.get $colCell)) (local.get $bins)) (i32.const 2))))
                (local.set $q (i32.add (local.get $cell) (i32.shl (local.get $b0) (i32.const 2))))
                (f32.store (local.get $q) (f32.add (f32.load (local.get $q)) (f32.mul (local.get $mag) (f32.sub (f32.const 1) (local.get $w1)))))
                (local.set $q (i32.add (local.get $cell) (i32.shl (local.get $b1) (i32.const 2))))
                (f32.store (local.get $q) (f32.add (f32.load (local.get $q)) (f32.mul (local.get $mag) (local.get $w1))))))
            (local.set $x (i32.add (local.get $x) (i32.const 1)))
            (br $eachX)))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $eachY)))))
